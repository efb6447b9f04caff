package org.myoscreen.app.realmr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One labelled real MR case of {@code ../shared/fixtures}: its images by role, its label file and,
 * per evaluated structure (named as the reference model names its labels), the truth label values
 * that make it up. Left and right are the patient's; voxels are compared on the image grid, so the
 * file's axis order does not matter.
 *
 * @param id short name, also the key prefix in the floors file
 * @param dataset where it comes from, for tables
 * @param water the Dixon water image, when the case is Dixon
 * @param fat the Dixon fat image, when the case is Dixon
 * @param image the single image, when the case is not Dixon
 * @param labels the label file
 * @param truth structure name (e.g. {@code paraspinal_left}) to the truth label values
 */
record RealMrCase(
        String id,
        String dataset,
        Optional<Path> water,
        Optional<Path> fat,
        Optional<Path> image,
        Path labels,
        Map<String, int[]> truth) {

    RealMrCase {
        Objects.requireNonNull(id, "id is null");
        truth = Collections.unmodifiableMap(new LinkedHashMap<>(truth));
    }

    /** The labelled cases present under {@code fixtures} (none when it is absent). */
    static List<RealMrCase> under(Path fixtures) {
        List<RealMrCase> cases = new ArrayList<>();
        Path tum = fixtures.resolve("real-mr/myosegmentum-tum01");
        if (Files.isRegularFile(tum.resolve("labels.nii.gz"))) {
            // README: 1 erector spinae right, 2 multifidus right, 3 multifidus left, 4 erector spinae left;
            // a side's paraspinal compartment is erector spinae + multifidus. No psoas labels.
            Map<String, int[]> t = new LinkedHashMap<>();
            t.put("paraspinal_left", new int[] {3, 4});
            t.put("paraspinal_right", new int[] {1, 2});
            cases.add(new RealMrCase(
                    "tum01",
                    "MyoSegmenTUM tum01 (3T Dixon, manual)",
                    Optional.of(tum.resolve("water.nii.gz")),
                    Optional.of(tum.resolve("fat.nii.gz")),
                    Optional.empty(),
                    tum.resolve("labels.nii.gz"),
                    t));
        }
        Path ts = fixtures.resolve("totalsegmentator-mr");
        if (Files.isRegularFile(ts.resolve("example_seg_mr.nii.gz"))) {
            // README: total_mr labels 46/47 autochthon left/right, 48/49 iliopsoas left/right (model output).
            Map<String, int[]> t = new LinkedHashMap<>();
            t.put("paraspinal_left", new int[] {46});
            t.put("paraspinal_right", new int[] {47});
            t.put("psoas_left", new int[] {48});
            t.put("psoas_right", new int[] {49});
            cases.add(new RealMrCase(
                    "totalseg",
                    "TotalSegmentator MR example (GRE, model labels)",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(ts.resolve("example_mr_sm.nii.gz")),
                    ts.resolve("example_seg_mr.nii.gz"),
                    t));
        }
        return cases;
    }
}
