package org.myoscreen.phantom;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.myoscreen.phantom.internal.Json;

/**
 * Ground truth of a phantom study, with the measurement keys of {@code result.json}
 * (docs/INTERFACE.md). Volumes count voxels of the exact label map ({@code labels.nii.gz}) times
 * the voxel volume (a voxel is IMAT when its centre lies in IMAT tissue: an unbiased sample of the
 * IMAT tissue volume), over the lumbar spine L1–L5 as the analysis defines it by default (voxel
 * centres from the centroid of the L5/S1 disc to the centroid of the T12/L1 disc in the level
 * map; the whole compartment when either disc is not covered, see {@code levelRange}); the psoas and paraspinal areas at L3 are taken in the axial plane through the
 * middle of the L3 vertebral body, sampled at 0.5 mm from the same anatomy (independent of the
 * acquisition's orientation and pixel size). Fat fraction is the mean true fat fraction of the
 * paraspinal compartment's voxels, present only when the study has Dixon images.
 *
 * @param patient patient block
 * @param lmmVolumeCm3 lean paraspinal muscle, both sides
 * @param imatVolumeCm3 paraspinal IMAT, both sides
 * @param imatPercent IMAT in % of the compartment (lean + IMAT)
 * @param left patient's left side
 * @param right patient's right side
 * @param lmmIndexCm3PerBmi LMM volume divided by BMI
 * @param psoasAreaL3Cm2 both psoas muscles at mid-L3, when L3 is covered
 * @param pmiCm2PerM2 psoas area at L3 divided by height squared
 * @param fatFractionPercent mean fat fraction of the compartment (Dixon studies)
 * @param zMinMm lowest z of the label map's voxel centres
 * @param zMaxMm highest z of the label map's voxel centres
 * @param levels vertebral levels with at least one voxel in the label map, cranial first
 * @param paraspinalAreaL3LeftCm2 left compartment area at mid-L3 (phantom extra)
 * @param paraspinalAreaL3RightCm2 right compartment area at mid-L3 (phantom extra)
 * @param requestedImatPercent the IMAT % the anatomy was drawn for (over the whole compartment)
 * @param levelRange {@code "L1-L5"} or {@code "whole compartment"}: the extent of the volumes above
 * @param wholeLmmVolumeCm3 lean muscle of the whole labelled compartment, both sides (phantom extra)
 * @param wholeImatVolumeCm3 IMAT of the whole labelled compartment, both sides (phantom extra)
 */
public record Truth(
        PatientInfo patient,
        double lmmVolumeCm3,
        double imatVolumeCm3,
        double imatPercent,
        Side left,
        Side right,
        double lmmIndexCm3PerBmi,
        OptionalDouble psoasAreaL3Cm2,
        OptionalDouble pmiCm2PerM2,
        OptionalDouble fatFractionPercent,
        double zMinMm,
        double zMaxMm,
        List<VertebralLevel> levels,
        double paraspinalAreaL3LeftCm2,
        double paraspinalAreaL3RightCm2,
        double requestedImatPercent,
        String levelRange,
        double wholeLmmVolumeCm3,
        double wholeImatVolumeCm3) {

    /**
     * One side's compartment.
     *
     * @param lmmVolumeCm3 lean muscle volume
     * @param imatVolumeCm3 IMAT volume
     * @param imatPercent IMAT in % of this side's compartment
     */
    public record Side(double lmmVolumeCm3, double imatVolumeCm3, double imatPercent) {}

    /** Copies the level list. */
    public Truth {
        Objects.requireNonNull(patient, "patient is null");
        Objects.requireNonNull(levelRange, "levelRange is null");
        levels = List.copyOf(levels);
    }

    /**
     * {@code truth.json}: the {@code result.json} layout (study, source series, patient, coverage,
     * measurements) plus a {@code phantom} block with the phantom's own extras.
     */
    public String toJson(String studyInstanceUid, List<String> seriesInstanceUids, PhantomOptions options) {
        Json j = new Json().beginObject();
        j.name("study_instance_uid").string(studyInstanceUid);
        j.name("source_series_instance_uids").beginArray();
        for (String uid : seriesInstanceUids) {
            j.string(uid);
        }
        j.endArray();
        j.name("patient")
                .beginObject()
                .name("sex")
                .string(patient.sex().name())
                .name("age_years")
                .number(patient.ageYears())
                .name("weight_kg")
                .number(patient.weightKg(), 1)
                .name("height_m")
                .number(patient.heightM(), 2)
                .name("bmi")
                .number(patient.bmi(), 1)
                .endObject();
        j.name("coverage")
                .beginObject()
                .name("z_min_mm")
                .number(zMinMm, 1)
                .name("z_max_mm")
                .number(zMaxMm, 1)
                .name("levels")
                .beginArray();
        for (VertebralLevel l : levels) {
            j.string(l.name());
        }
        j.endArray().name("level_range").string(levelRange).endObject();
        j.name("measurements")
                .beginObject()
                .name("lmm_volume_cm3")
                .number(lmmVolumeCm3, 2)
                .name("imat_volume_cm3")
                .number(imatVolumeCm3, 2)
                .name("imat_percent")
                .number(imatPercent, 2)
                .name("lmm_index_cm3_per_bmi")
                .number(lmmIndexCm3PerBmi, 2);
        side(j, "left", left);
        side(j, "right", right);
        optional(j.name("psoas_area_l3_cm2"), psoasAreaL3Cm2);
        optional(j.name("pmi_cm2_per_m2"), pmiCm2PerM2);
        optional(j.name("fat_fraction_percent"), fatFractionPercent);
        j.endObject();
        j.name("phantom")
                .beginObject()
                .name("seed")
                .number(options.seed())
                .name("requested_imat_percent")
                .number(requestedImatPercent, 2)
                .name("whole_compartment")
                .beginObject()
                .name("lmm_volume_cm3")
                .number(wholeLmmVolumeCm3, 2)
                .name("imat_volume_cm3")
                .number(wholeImatVolumeCm3, 2)
                .endObject()
                .name("paraspinal_area_l3_cm2")
                .beginObject()
                .name("left")
                .number(paraspinalAreaL3LeftCm2, 2)
                .name("right")
                .number(paraspinalAreaL3RightCm2, 2)
                .endObject()
                .name("labels")
                .string("labels.nii.gz")
                .name("levels")
                .string("levels.nii.gz")
                .endObject();
        return j.endObject().toString();
    }

    private static void side(Json j, String name, Side s) {
        j.name(name)
                .beginObject()
                .name("lmm_volume_cm3")
                .number(s.lmmVolumeCm3(), 2)
                .name("imat_volume_cm3")
                .number(s.imatVolumeCm3(), 2)
                .name("imat_percent")
                .number(s.imatPercent(), 2)
                .endObject();
    }

    private static void optional(Json j, OptionalDouble v) {
        if (v.isPresent()) {
            j.number(v.getAsDouble(), 2);
        } else {
            j.nullValue();
        }
    }
}
