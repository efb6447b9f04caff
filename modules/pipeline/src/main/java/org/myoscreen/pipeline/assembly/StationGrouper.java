package org.myoscreen.pipeline.assembly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.myoscreen.pipeline.InstanceHeader;
import org.myoscreen.pipeline.Orientation;

/**
 * Groups the routed complete series of one study into jobs: stations of one multi-station acquisition and
 * the Dixon contrasts (water, fat, in/opposed phase) of each station go into one group.
 *
 * <p>The rule: two series belong to one group when they matched the same routing rule, share the Frame of
 * Reference UID (0020,0052), have the same acquisition signature, and their slice ranges along the slice
 * normal overlap or are adjacent (gap ≤ {@code maxStationGapMm} + the larger slice spacing); grouping is
 * transitive. The signature is Modality, SOP Class, Sequence Name, Scanning Sequence, orientation and the
 * Image Type values without the Dixon contrast values and without ORIGINAL/DERIVED, so W/F/IP/OP of one sequence
 * have one signature (scanners mark computed water/fat images DERIVED and in/opposed-phase images ORIGINAL).
 * A series without slice positions forms a group of its own.
 *
 * <p>The grouping key is the first 16 hex digits of SHA-256 over (rule, Frame of Reference, signature, and
 * the Series Instance UID of the group's earliest-arriving series). It stays the same when stations or contrasts
 * join a group later, because a later series never becomes the earliest; when a late station bridges two groups,
 * the merged group keeps the key of the one whose series arrived first. Pure and thread-safe.
 */
final class StationGrouper {

    /** Image Type values that name a Dixon contrast rather than the acquisition. */
    static final Set<String> DIXON_VALUES = Set.of(
            "W",
            "F",
            "WATER",
            "FAT",
            "IP",
            "OP",
            "IN_PHASE",
            "OUT_PHASE",
            "OPP_PHASE",
            "OPPOSED_PHASE",
            "OPPOSED",
            "IN",
            "OUT",
            "OPP",
            "FF",
            "FAT_FRACTION",
            "WATER_FRACTION",
            "DIXON");

    /** Pixel Data Characteristics (Image Type value 1, PS3.3 C.7.6.1.1.2): Dixon W/F are often DERIVED, IP/OP ORIGINAL. */
    private static final Set<String> PIXEL_DATA_CHARACTERISTICS = Set.of("ORIGINAL", "DERIVED");

    private final double maxStationGapMm;

    StationGrouper(double maxStationGapMm) {
        this.maxStationGapMm = maxStationGapMm;
    }

    /** One group: its key, rule and series in station order (lowest position along the normal first). */
    record Group(String groupingKey, RoutingRule rule, List<CompletedSeries> series) {}

    /** Groups the series that matched a rule; unmatched series are ignored. */
    List<Group> group(List<CompletedSeries> completed) {
        Map<String, List<CompletedSeries>> buckets = new LinkedHashMap<>();
        Map<String, RoutingRule> rules = new LinkedHashMap<>();
        for (CompletedSeries s : completed) {
            if (s.rule().isEmpty()) {
                continue;
            }
            String bucket =
                    s.rule().get().id() + "|" + s.first().frameOfReferenceUid().orElse("") + "|" + signature(s.first());
            buckets.computeIfAbsent(bucket, k -> new ArrayList<>()).add(s);
            rules.put(bucket, s.rule().get());
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<CompletedSeries>> e : buckets.entrySet()) {
            for (List<CompletedSeries> cluster : cluster(e.getValue())) {
                CompletedSeries earliest = cluster.stream()
                        .min(Comparator.comparing(CompletedSeries::firstArrival)
                                .thenComparing(CompletedSeries::seriesInstanceUid))
                        .orElseThrow();
                out.add(new Group(
                        hash(e.getKey() + "|" + earliest.seriesInstanceUid()), rules.get(e.getKey()), cluster));
            }
        }
        return out;
    }

    /** The acquisition signature (see class comment). */
    static String signature(InstanceHeader h) {
        List<String> type = h.imageType().stream()
                .map(v -> v.strip().toUpperCase(Locale.ROOT))
                .filter(v -> !DIXON_VALUES.contains(v) && !PIXEL_DATA_CHARACTERISTICS.contains(v))
                .toList();
        return String.join(
                "\\",
                h.modality(),
                h.sopClassUid(),
                h.sequenceName().orElse(""),
                String.join("/", h.scanningSequence()),
                h.orientation().name(),
                String.join("/", type));
    }

    private record Range(CompletedSeries series, double lo, double hi, double spacing) {}

    private List<List<CompletedSeries>> cluster(List<CompletedSeries> bucket) {
        double[] normal = Orientation.normal(bucket.get(0).first().imageOrientationPatient());
        List<Range> ranged = new ArrayList<>();
        List<List<CompletedSeries>> singles = new ArrayList<>();
        for (CompletedSeries s : bucket) {
            double[] along = s.instances().stream()
                    .flatMap(i -> i.header().slicePositions().stream())
                    .mapToDouble(p -> normal.length == 3 ? p.dot(normal) : p.zMm())
                    .sorted()
                    .toArray();
            if (along.length == 0) {
                singles.add(List.of(s));
                continue;
            }
            double spacing = 0;
            for (int i = 1; i < along.length; i++) {
                spacing = Math.max(spacing, Math.min(along[i] - along[i - 1], 50.0));
            }
            ranged.add(new Range(s, along[0], along[along.length - 1], spacing));
        }
        ranged.sort(Comparator.comparingDouble(Range::lo)
                .thenComparing(r -> r.series().seriesInstanceUid()));
        List<List<CompletedSeries>> clusters = new ArrayList<>();
        List<CompletedSeries> current = new ArrayList<>();
        double hi = Double.NEGATIVE_INFINITY;
        double spacing = 0;
        for (Range r : ranged) {
            double tolerance = maxStationGapMm + Math.max(spacing, r.spacing());
            if (!current.isEmpty() && r.lo() > hi + tolerance) {
                clusters.add(current);
                current = new ArrayList<>();
                hi = Double.NEGATIVE_INFINITY;
                spacing = 0;
            }
            current.add(r.series());
            hi = Math.max(hi, r.hi());
            spacing = Math.max(spacing, r.spacing());
        }
        if (!current.isEmpty()) {
            clusters.add(current);
        }
        clusters.addAll(singles);
        return clusters;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
