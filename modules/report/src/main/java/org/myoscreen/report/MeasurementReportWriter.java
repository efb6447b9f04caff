package org.myoscreen.report;

import static org.myoscreen.report.internal.ContentItems.CONTAINS;
import static org.myoscreen.report.internal.ContentItems.HAS_ACQ_CONTEXT;
import static org.myoscreen.report.internal.ContentItems.HAS_CONCEPT_MOD;
import static org.myoscreen.report.internal.ContentItems.HAS_OBS_CONTEXT;
import static org.myoscreen.report.internal.ContentItems.HAS_PROPERTIES;
import static org.myoscreen.report.internal.ContentItems.add;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.CompartmentValues;
import org.myoscreen.analysis.Laterality;
import org.myoscreen.analysis.Measurements;
import org.myoscreen.analysis.RiskResult;
import org.myoscreen.analysis.StructureKind;
import org.myoscreen.analysis.ZScores;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.report.internal.CommonModules;
import org.myoscreen.report.internal.ContentItems;

/**
 * Writes the Measurement Report: a Comprehensive 3D SR (PS3.3 A.35.13) following TID 1500
 * "Measurement Report" (PS3.16).
 *
 * <p>The tree: Language (TID 1204); Observer Context with the algorithm as device observer (TID
 * 1002/1004); Procedure reported; Image Library (TID 1600: per source series, modality and Frame of
 * Reference, then every source image); Imaging Measurements with one TID 1411 "Volumetric ROI
 * Measurements" group per SEG segment (Tracking Identifier and Unique Identifier, Referenced
 * Segment, Source series for segmentation, Finding, Finding Site with laterality, Volume and, for
 * the paraspinal compartments, IMAT %); the group of the whole-compartment segment (both sides, TID
 * 1411 too, so that every group names its region as a Referenced Segment) holds the compartment
 * measurements (LMM and IMAT volumes, IMAT %, LMM index, fat fraction, psoas area and index, z-scores with the
 * reference population named); Qualitative Evaluations with one item per risk marker (flag, effect,
 * wording and citation), QC flags, algorithm name and version and the research-use statement.
 * Concepts without a standard code use {@link Codes#PRIVATE_SCHEME}, declared in the Coding Scheme
 * Identification Sequence. When QC did not pass, no measurement, z-score or flag is reported, only
 * the QC flags.
 *
 * <p>The instance joins the source study in a new series ({@link #SERIES_NUMBER}); Current
 * Requested Procedure Evidence lists every source instance and the SEG. Stateless and thread-safe.
 */
public final class MeasurementReportWriter {

    /** Series Number of the SR series. */
    public static final int SERIES_NUMBER = 9902;
    /** Series Description of the SR series. */
    public static final String SERIES_DESCRIPTION = "myoscreen measurement report (research use)";
    /** Object kind in {@link ReportContext#uid}. */
    public static final String KIND = "sr";
    /** The research-use statement every report carries. */
    public static final String RESEARCH_STATEMENT = "Research markers, not a diagnosis.";

    private MeasurementReportWriter() {}

    /** Builds the SR dataset. */
    public static Attributes create(ReportContext context, MeasurementReportInput input) {
        SourceImages source = input.source();
        Segmentation seg = input.segmentation();
        Attributes ds = document(context, source, seg);
        root(ds, context);
        imageLibrary(ds, source);

        AnalysisResult result = input.analysis();
        Optional<Measurements> reported = result.reported();
        Attributes measurements = add(ds, ContentItems.container(CONTAINS, Codes.IMAGING_MEASUREMENTS));
        String sourceSeries = source.seriesInstanceUids().get(0);
        for (Segment s : seg.segments()) {
            if (!s.wholeCompartment()) {
                segmentGroup(context, measurements, input, s, sourceSeries, reported);
            }
        }
        for (Segment s : seg.segments()) {
            if (s.wholeCompartment()) {
                compartmentGroup(context, measurements, seg, s, sourceSeries, reported, result.zScores());
            }
        }
        qualitativeEvaluations(ds, context, result, reported);
        return ds;
    }

    /**
     * The SR document without content: the common modules, SR Document General (Current Requested
     * Procedure Evidence included) and the Coding Scheme Identification of the private scheme.
     */
    private static Attributes document(ReportContext context, SourceImages source, Segmentation seg) {
        String sopUid = context.uid(KIND, 0);
        Attributes ds = CommonModules.start(
                source.patientStudy(),
                Uids.COMPREHENSIVE_3D_SR_STORAGE,
                sopUid,
                "SR",
                context.uid(KIND + "-series", 0),
                SERIES_NUMBER,
                SERIES_DESCRIPTION,
                new String[] {context.manufacturer(), context.algorithmName(), context.algorithmVersion()},
                context.date(),
                context.time());
        ds.newSequence(Tag.ReferencedPerformedProcedureStepSequence);
        ds.setInt(Tag.InstanceNumber, VR.IS, 1);
        ds.setString(Tag.CompletionFlag, VR.CS, "COMPLETE");
        ds.setString(Tag.VerificationFlag, VR.CS, "UNVERIFIED");
        ds.setString(Tag.ContentDate, VR.DA, context.date());
        ds.setString(Tag.ContentTime, VR.TM, context.time());
        ds.newSequence(Tag.PerformedProcedureCodeSequence);
        evidence(ds, source, seg);
        Attributes scheme = new Attributes();
        scheme.setString(Tag.CodingSchemeDesignator, VR.SH, Codes.PRIVATE_SCHEME);
        scheme.setString(Tag.CodingSchemeName, VR.ST, Codes.PRIVATE_SCHEME_NAME);
        scheme.setString(Tag.CodingSchemeResponsibleOrganization, VR.ST, context.manufacturer());
        ds.newSequence(Tag.CodingSchemeIdentificationSequence).add(scheme);
        return ds;
    }

    /**
     * The TID 1500 root container with its Language (TID 1204), Observer Context (the algorithm as
     * device observer, TID 1002/1004) and Procedure reported.
     */
    private static void root(Attributes ds, ReportContext context) {
        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        Codes.IMAGING_MEASUREMENT_REPORT.addTo(ds, Tag.ConceptNameCodeSequence);
        ds.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        Attributes template = new Attributes();
        template.setString(Tag.MappingResource, VR.CS, "DCMR");
        template.setString(Tag.TemplateIdentifier, VR.CS, "1500");
        ds.newSequence(Tag.ContentTemplateSequence).add(template);
        add(ds, ContentItems.code(HAS_CONCEPT_MOD, Codes.LANGUAGE_OF_CONTENT, Codes.ENGLISH));
        add(ds, ContentItems.code(HAS_OBS_CONTEXT, Codes.OBSERVER_TYPE, Codes.DEVICE));
        add(ds, ContentItems.uidref(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_UID, context.uid("device", 0)));
        add(ds, ContentItems.text(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_NAME, context.algorithmName()));
        add(ds, ContentItems.text(HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_MANUFACTURER, context.manufacturer()));
        add(
                ds,
                ContentItems.text(
                        HAS_OBS_CONTEXT,
                        Codes.DEVICE_OBSERVER_MODEL_NAME,
                        context.algorithmName() + " " + context.algorithmVersion()));
        add(ds, ContentItems.code(HAS_CONCEPT_MOD, Codes.PROCEDURE_REPORTED, Codes.MRI));
    }

    /**
     * The TID 1411 group of one (not whole-compartment) segment: its identification, finding and
     * site, and, when measurements are reported, its volume and, for a paraspinal side, the IMAT %.
     */
    private static void segmentGroup(
            ReportContext context,
            Attributes parent,
            MeasurementReportInput input,
            Segment s,
            String sourceSeries,
            Optional<Measurements> reported) {
        Attributes group = add(parent, ContentItems.container(CONTAINS, Codes.MEASUREMENT_GROUP));
        template(group, "1411");
        add(group, ContentItems.text(HAS_OBS_CONTEXT, Codes.TRACKING_IDENTIFIER, s.label()));
        add(
                group,
                ContentItems.uidref(
                        HAS_OBS_CONTEXT, Codes.TRACKING_UNIQUE_IDENTIFIER, SegmentationWriter.trackingUid(context, s)));
        add(
                group,
                ContentItems.segment(
                        CONTAINS,
                        Codes.REFERENCED_SEGMENT,
                        Uids.SEGMENTATION_STORAGE,
                        input.segmentation().sopInstanceUid(),
                        s.number()));
        add(group, ContentItems.uidref(CONTAINS, Codes.SOURCE_SERIES_FOR_SEGMENTATION, sourceSeries));
        add(group, ContentItems.code(CONTAINS, Codes.FINDING, s.type()));
        CodedConcept site = s.anatomicRegion().orElse(s.type());
        Attributes siteItem = add(group, ContentItems.code(HAS_CONCEPT_MOD, Codes.FINDING_SITE, site));
        s.lateralityCode().ifPresent(l -> add(siteItem, ContentItems.code(HAS_CONCEPT_MOD, Codes.LATERALITY, l)));
        if (reported.isEmpty()) {
            return;
        }
        Double volume = input.segmentVolumesCm3().get(s.number());
        if (volume != null) {
            add(group, ContentItems.num(CONTAINS, Codes.VOLUME, volume, Codes.UNIT_CM3));
        }
        if (s.kind() == StructureKind.PARASPINAL) {
            Optional<CompartmentValues> side = s.laterality() == Laterality.LEFT
                    ? reported.get().left()
                    : reported.get().right();
            side.flatMap(v -> box(v.imatPercent()))
                    .ifPresent(p -> add(group, ContentItems.num(CONTAINS, Codes.IMAT_PERCENT, p, Codes.UNIT_PERCENT)));
        }
    }

    /**
     * Qualitative Evaluations: one item per risk marker (only when measurements are reported), the
     * coverage and method, the QC flags, the algorithm and the research-use statement.
     */
    private static void qualitativeEvaluations(
            Attributes ds, ReportContext context, AnalysisResult result, Optional<Measurements> reported) {
        Attributes evaluations = add(ds, ContentItems.container(CONTAINS, Codes.QUALITATIVE_EVALUATIONS));
        if (reported.isPresent()) {
            for (RiskResult r : result.risk()) {
                riskMarker(evaluations, r);
            }
        }
        add(
                evaluations,
                ContentItems.text(
                        CONTAINS,
                        Codes.COMMENT,
                        "Paraspinal LMM and IMAT values cover "
                                + (result.measurements().levelRange().equals("whole compartment")
                                        ? "the whole labelled compartment"
                                        : "vertebral levels "
                                                + result.measurements().levelRange())
                                + "; method: "
                                + result.measurements().method()));
        for (String flag : result.qc().flags()) {
            add(evaluations, ContentItems.text(CONTAINS, Codes.COMMENT, "QC: " + flag));
        }
        if (!result.qc().passed()) {
            add(
                    evaluations,
                    ContentItems.text(
                            CONTAINS,
                            Codes.COMMENT,
                            "Quality control did not pass: no measurement, z-score or risk marker is reported."));
        }
        add(evaluations, ContentItems.text(CONTAINS, Codes.ALGORITHM_NAME, context.algorithmName()));
        add(evaluations, ContentItems.text(CONTAINS, Codes.ALGORITHM_VERSION, context.algorithmVersion()));
        add(evaluations, ContentItems.text(CONTAINS, Codes.COMMENT, RESEARCH_STATEMENT));
    }

    /** One risk marker: its flag, with the outcome, the wording, effect and z, and the citation. */
    private static void riskMarker(Attributes evaluations, RiskResult r) {
        Attributes flag = add(evaluations, ContentItems.code(CONTAINS, Codes.RISK_MARKER, flagCode(r)));
        add(
                flag,
                ContentItems.text(
                        HAS_CONCEPT_MOD,
                        Codes.EQUIVALENT_MEANING,
                        "Research risk marker " + r.id() + ": " + r.outcome()));
        add(
                flag,
                ContentItems.text(
                        HAS_PROPERTIES,
                        Codes.COMMENT,
                        r.wording() + " (" + r.effect()
                                + (r.predictorZ().isPresent()
                                        ? String.format(
                                                java.util.Locale.ROOT,
                                                "; z = %.2f",
                                                r.predictorZ().getAsDouble())
                                        : "")
                                + ")"));
        add(flag, ContentItems.text(HAS_PROPERTIES, Codes.REFERENCE_AUTHORITY, r.source()));
    }

    /** Writes the SR as a Part 10 file, Explicit VR Little Endian (not fsynced). */
    public static void write(Attributes sr, Path file) {
        Part10Writer.write(file, sr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /**
     * The whole-compartment group: a TID 1411 group on the whole-compartment segment (TID 1411 needs the
     * region as Referenced Segment, row 7, with its source series, row 12), with the compartment
     * measurements when they are reported.
     */
    private static void compartmentGroup(
            ReportContext context,
            Attributes parent,
            Segmentation seg,
            Segment s,
            String sourceSeries,
            Optional<Measurements> reported,
            ZScores z) {
        Attributes group = add(parent, ContentItems.container(CONTAINS, Codes.MEASUREMENT_GROUP));
        template(group, "1411");
        add(group, ContentItems.text(HAS_OBS_CONTEXT, Codes.TRACKING_IDENTIFIER, s.label()));
        add(
                group,
                ContentItems.uidref(
                        HAS_OBS_CONTEXT, Codes.TRACKING_UNIQUE_IDENTIFIER, SegmentationWriter.trackingUid(context, s)));
        add(
                group,
                ContentItems.segment(
                        CONTAINS,
                        Codes.REFERENCED_SEGMENT,
                        Uids.SEGMENTATION_STORAGE,
                        seg.sopInstanceUid(),
                        s.number()));
        add(group, ContentItems.uidref(CONTAINS, Codes.SOURCE_SERIES_FOR_SEGMENTATION, sourceSeries));
        add(group, ContentItems.code(CONTAINS, Codes.FINDING, Codes.ERECTOR_SPINAE_MUSCLE));
        add(group, ContentItems.code(HAS_CONCEPT_MOD, Codes.FINDING_SITE, Codes.ERECTOR_SPINAE_MUSCLE));
        if (reported.isEmpty()) {
            return;
        }
        Measurements m = reported.get();
        m.split().ifPresent(v -> {
            Attributes lmm = add(group, ContentItems.num(CONTAINS, Codes.VOLUME, v.lmmVolumeCm3(), Codes.UNIT_CM3));
            add(
                    lmm,
                    ContentItems.text(
                            HAS_CONCEPT_MOD, Codes.EQUIVALENT_MEANING, "Lean muscle volume (LMM), both sides"));
            Attributes imat = add(group, ContentItems.num(CONTAINS, Codes.VOLUME, v.imatVolumeCm3(), Codes.UNIT_CM3));
            add(
                    imat,
                    ContentItems.text(
                            HAS_CONCEPT_MOD,
                            Codes.EQUIVALENT_MEANING,
                            "Intermuscular adipose tissue volume (IMAT), both sides"));
        });
        box(m.imatPercent())
                .ifPresent(p -> add(group, ContentItems.num(CONTAINS, Codes.IMAT_PERCENT, p, Codes.UNIT_PERCENT)));
        box(m.lmmIndexCm3PerBmi())
                .ifPresent(v -> add(group, ContentItems.num(CONTAINS, Codes.LMM_INDEX, v, Codes.UNIT_CM3_PER_BMI)));
        box(m.fatFractionPercent())
                .ifPresent(v -> add(group, ContentItems.num(CONTAINS, Codes.FAT_FRACTION, v, Codes.UNIT_PERCENT)));
        box(m.psoasAreaL3Cm2())
                .ifPresent(v -> add(group, ContentItems.num(CONTAINS, Codes.PSOAS_AREA_L3, v, Codes.UNIT_CM2)));
        box(m.pmiCm2PerM2())
                .ifPresent(v ->
                        add(group, ContentItems.num(CONTAINS, Codes.PSOAS_MUSCLE_INDEX, v, Codes.UNIT_CM2_PER_M2)));
        zScore(group, z.imatPercent(), "Z-score of IMAT percent", z.imatReference());
        zScore(group, z.lmmIndex(), "Z-score of LMM index", z.lmmReference());
    }

    private static void zScore(
            Attributes group, OptionalDouble value, String meaning, Optional<ZScores.Reference> reference) {
        if (value.isEmpty()) {
            return;
        }
        Attributes num = add(group, ContentItems.num(CONTAINS, Codes.Z_SCORE, value.getAsDouble(), Codes.UNIT_NONE));
        add(num, ContentItems.text(HAS_CONCEPT_MOD, Codes.EQUIVALENT_MEANING, meaning));
        reference.ifPresent(r -> add(
                num,
                ContentItems.text(
                        HAS_CONCEPT_MOD, Codes.POPULATION_DESCRIPTION, "Reference population: " + r.describe())));
    }

    private static CodedConcept flagCode(RiskResult r) {
        return switch (r.flag()) {
            case ELEVATED -> Codes.FLAG_ELEVATED;
            case TYPICAL -> Codes.FLAG_TYPICAL;
            case LOW -> Codes.FLAG_LOW;
            case NOT_APPLICABLE -> Codes.FLAG_NOT_APPLICABLE;
        };
    }

    private static void template(Attributes container, String tid) {
        Attributes template = new Attributes();
        template.setString(Tag.MappingResource, VR.CS, "DCMR");
        template.setString(Tag.TemplateIdentifier, VR.CS, tid);
        container.newSequence(Tag.ContentTemplateSequence).add(template);
    }

    private static Optional<Double> box(OptionalDouble v) {
        return v.isPresent() ? Optional.of(v.getAsDouble()) : Optional.empty();
    }

    /**
     * TID 1600 Image Library: one Image Library Group per source series, with the descriptors its
     * images share (TID 1602: modality, Frame of Reference) and one IMAGE entry (TID 1601) per source
     * image, so a reader finds the images the measurements were made on without the SEG.
     */
    private static void imageLibrary(Attributes root, SourceImages source) {
        Attributes library = add(root, ContentItems.container(CONTAINS, Codes.IMAGE_LIBRARY));
        template(library, "1600");
        for (String seriesUid : source.seriesInstanceUids()) {
            Attributes group = add(library, ContentItems.container(CONTAINS, Codes.IMAGE_LIBRARY_GROUP));
            add(group, ContentItems.code(HAS_ACQ_CONTEXT, Codes.MODALITY, Codes.MAGNETIC_RESONANCE));
            add(
                    group,
                    ContentItems.uidref(HAS_ACQ_CONTEXT, Codes.FRAME_OF_REFERENCE_UID, source.frameOfReferenceUid()));
            for (SourceImage im : source.images()) {
                if (im.seriesInstanceUid().equals(seriesUid)) {
                    add(group, ContentItems.image(CONTAINS, im.sopClassUid(), im.sopInstanceUid()));
                }
            }
        }
    }

    /** Current Requested Procedure Evidence: the source instances by series, and the SEG. */
    private static void evidence(Attributes ds, SourceImages source, Segmentation seg) {
        Map<String, Map<String, String>> bySeries = new LinkedHashMap<>();
        for (SourceImage im : source.images()) {
            bySeries.computeIfAbsent(im.seriesInstanceUid(), k -> new LinkedHashMap<>())
                    .put(im.sopInstanceUid(), im.sopClassUid());
        }
        bySeries.put(seg.seriesInstanceUid(), Map.of(seg.sopInstanceUid(), Uids.SEGMENTATION_STORAGE));
        Attributes study = new Attributes();
        List<Attributes> series = study.newSequence(Tag.ReferencedSeriesSequence);
        bySeries.forEach((seriesUid, instances) -> {
            Attributes s = new Attributes();
            List<Attributes> refs = s.newSequence(Tag.ReferencedSOPSequence);
            instances.forEach((sop, cls) -> refs.add(new Attributes()
                    .setString(Tag.ReferencedSOPClassUID, VR.UI, cls)
                    .setString(Tag.ReferencedSOPInstanceUID, VR.UI, sop)));
            s.setString(Tag.SeriesInstanceUID, VR.UI, seriesUid);
            series.add(s);
        });
        study.setString(Tag.StudyInstanceUID, VR.UI, source.studyInstanceUid());
        ds.newSequence(Tag.CurrentRequestedProcedureEvidenceSequence).add(study);
    }
}
