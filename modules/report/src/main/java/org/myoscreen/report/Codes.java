package org.myoscreen.report;

/**
 * Every coded concept the result objects use, in one place. Each standard code was checked against
 * the context groups of PS3.16 named in its comment (see {@code docs/coded-concepts.md}); concepts
 * for which the standard has no code use the private scheme {@link #PRIVATE_SCHEME}, declared in
 * the Coding Scheme Identification Sequence of every object that uses it.
 *
 * <p>Constants only; thread-safe.
 */
public final class Codes {

    /** Private coding scheme designator for concepts the standard does not code. */
    public static final String PRIVATE_SCHEME = "99MYOSCREEN";
    /** Coding Scheme Name of {@link #PRIVATE_SCHEME}. */
    public static final String PRIVATE_SCHEME_NAME = "myoscreen research markers";

    // Segmentation property categories (CID 7150).
    /** CID 7150: Tissue. */
    public static final CodedConcept TISSUE = new CodedConcept("85756007", "SCT", "Tissue");
    /** CID 7150: Anatomical Structure. */
    public static final CodedConcept ANATOMICAL_STRUCTURE =
            new CodedConcept("123037004", "SCT", "Anatomical Structure");

    // Segmentation property types (CID 7151, which includes CID 7191 and CID 7192).
    /** CID 7192 (in 7151): Erector spinae muscle. */
    public static final CodedConcept ERECTOR_SPINAE_MUSCLE =
            new CodedConcept("44947003", "SCT", "Erector spinae muscle");
    /** CID 7191 (in 7151): Muscle. */
    public static final CodedConcept MUSCLE = new CodedConcept("71616004", "SCT", "Muscle");
    /** CID 7191 (in 7151): Body fat. */
    public static final CodedConcept BODY_FAT = new CodedConcept("248300009", "SCT", "Body fat");
    /** CID 7192 (in 7151): Vertebra. */
    public static final CodedConcept VERTEBRA = new CodedConcept("51282000", "SCT", "Vertebra");
    /** CID 4031 / 4030: Lumbar spine (procedure anatomy). */
    public static final CodedConcept LUMBAR_SPINE = new CodedConcept("122496007", "SCT", "Lumbar spine");

    // Laterality (CID 244 / 247).
    /** CID 247: Left. */
    public static final CodedConcept LEFT = new CodedConcept("7771000", "SCT", "Left");
    /** CID 247: Right. */
    public static final CodedConcept RIGHT = new CodedConcept("24028007", "SCT", "Right");

    // Derivation (SEG functional groups).
    /** CID 7202: Source image for image processing operation. */
    public static final CodedConcept SOURCE_IMAGE_FOR_PROCESSING =
            new CodedConcept("121322", "DCM", "Source image for image processing operation");
    /** CID 7203: Segmentation. */
    public static final CodedConcept SEGMENTATION = new CodedConcept("113076", "DCM", "Segmentation");
    /** CID 7162 (Algorithm Family): Artificial Intelligence. */
    public static final CodedConcept ARTIFICIAL_INTELLIGENCE =
            new CodedConcept("123110", "DCM", "Artificial Intelligence");

    // TID 1500 / 1411 / 1419 concept names.
    /** CID 7021: Imaging Measurement Report (TID 1500 document title). */
    public static final CodedConcept IMAGING_MEASUREMENT_REPORT =
            new CodedConcept("126000", "DCM", "Imaging Measurement Report");
    /** TID 1204: Language of Content Item and Descendants. */
    public static final CodedConcept LANGUAGE_OF_CONTENT =
            new CodedConcept("121049", "DCM", "Language of Content Item and Descendants");
    /** CID 5000: English. */
    public static final CodedConcept ENGLISH = new CodedConcept("en", "RFC5646", "English");
    /** TID 1002: Observer Type. */
    public static final CodedConcept OBSERVER_TYPE = new CodedConcept("121005", "DCM", "Observer Type");
    /** CID 270: Device. */
    public static final CodedConcept DEVICE = new CodedConcept("121007", "DCM", "Device");
    /** TID 1004: Device Observer UID. */
    public static final CodedConcept DEVICE_OBSERVER_UID = new CodedConcept("121012", "DCM", "Device Observer UID");
    /** TID 1004: Device Observer Name. */
    public static final CodedConcept DEVICE_OBSERVER_NAME = new CodedConcept("121013", "DCM", "Device Observer Name");
    /** TID 1004: Device Observer Manufacturer. */
    public static final CodedConcept DEVICE_OBSERVER_MANUFACTURER =
            new CodedConcept("121014", "DCM", "Device Observer Manufacturer");
    /** TID 1004: Device Observer Model Name. */
    public static final CodedConcept DEVICE_OBSERVER_MODEL_NAME =
            new CodedConcept("121015", "DCM", "Device Observer Model Name");
    /** TID 1500: Procedure reported. */
    public static final CodedConcept PROCEDURE_REPORTED = new CodedConcept("121058", "DCM", "Procedure reported");
    /** CID 100: MRI unspecified body region. */
    public static final CodedConcept MRI = new CodedConcept("25056-3", "LN", "MRI unspecified body region");
    /** TID 1500: Image Library. */
    public static final CodedConcept IMAGE_LIBRARY = new CodedConcept("111028", "DCM", "Image Library");
    /** TID 1600: Image Library Group. */
    public static final CodedConcept IMAGE_LIBRARY_GROUP = new CodedConcept("126200", "DCM", "Image Library Group");
    /** TID 1602: Modality (Image Library Entry Descriptors). */
    public static final CodedConcept MODALITY = new CodedConcept("121139", "DCM", "Modality");
    /** CID 29: Magnetic Resonance. */
    public static final CodedConcept MAGNETIC_RESONANCE = new CodedConcept("MR", "DCM", "Magnetic Resonance");
    /** TID 1602: Frame of Reference UID. */
    public static final CodedConcept FRAME_OF_REFERENCE_UID =
            new CodedConcept("112227", "DCM", "Frame of Reference UID");
    /** TID 1500: Imaging Measurements. */
    public static final CodedConcept IMAGING_MEASUREMENTS = new CodedConcept("126010", "DCM", "Imaging Measurements");
    /** TID 1411: Measurement Group. */
    public static final CodedConcept MEASUREMENT_GROUP = new CodedConcept("125007", "DCM", "Measurement Group");
    /** TID 1411: Tracking Identifier. */
    public static final CodedConcept TRACKING_IDENTIFIER = new CodedConcept("112039", "DCM", "Tracking Identifier");
    /** TID 1411: Tracking Unique Identifier. */
    public static final CodedConcept TRACKING_UNIQUE_IDENTIFIER =
            new CodedConcept("112040", "DCM", "Tracking Unique Identifier");
    /** TID 1411: Referenced Segment. */
    public static final CodedConcept REFERENCED_SEGMENT = new CodedConcept("121191", "DCM", "Referenced Segment");
    /** TID 1411: Source series for segmentation. */
    public static final CodedConcept SOURCE_SERIES_FOR_SEGMENTATION =
            new CodedConcept("121232", "DCM", "Source series for segmentation");
    /** TID 1411 / 1419: Finding. */
    public static final CodedConcept FINDING = new CodedConcept("121071", "DCM", "Finding");
    /** TID 1419: Finding Site. */
    public static final CodedConcept FINDING_SITE = new CodedConcept("363698007", "SCT", "Finding Site");
    /** TID 1419 (HAS CONCEPT MOD): Laterality. */
    public static final CodedConcept LATERALITY = new CodedConcept("272741003", "SCT", "Laterality");
    /** TID 4019: Algorithm Name. */
    public static final CodedConcept ALGORITHM_NAME = new CodedConcept("111001", "DCM", "Algorithm Name");
    /** TID 4019: Algorithm Version. */
    public static final CodedConcept ALGORITHM_VERSION = new CodedConcept("111003", "DCM", "Algorithm Version");
    /** TID 1501 / 1411 (Qualitative Evaluations container content). */
    public static final CodedConcept QUALITATIVE_EVALUATIONS =
            new CodedConcept("C0034375", "UMLS", "Qualitative Evaluations");
    /** Equivalent Meaning of Concept Name (DCM 121050): plain-text meaning of a post-coordinated concept. */
    public static final CodedConcept EQUIVALENT_MEANING =
            new CodedConcept("121050", "DCM", "Equivalent Meaning of Concept Name");
    /** Comment (DCM 121106). */
    public static final CodedConcept COMMENT = new CodedConcept("121106", "DCM", "Comment");
    /** TID 1419: Measurement Method. */
    public static final CodedConcept MEASUREMENT_METHOD = new CodedConcept("370129005", "SCT", "Measurement Method");
    /** TID 1419 (HAS CONCEPT MOD): Population description (the reference population of a z-score). */
    public static final CodedConcept POPULATION_DESCRIPTION =
            new CodedConcept("121405", "DCM", "Population description");
    /** Reference Authority (DCM 121406): the publication a value or flag comes from. */
    public static final CodedConcept REFERENCE_AUTHORITY = new CodedConcept("121406", "DCM", "Reference Authority");

    // Measurements.
    /** CID 7469 etc.: Volume. */
    public static final CodedConcept VOLUME = new CodedConcept("118565006", "SCT", "Volume");
    /** CID 7469 / 218: Fat fraction. */
    public static final CodedConcept FAT_FRACTION = new CodedConcept("129100", "DCM", "Fat fraction");
    /** CID 7469 / 218: Z-score. */
    public static final CodedConcept Z_SCORE = new CodedConcept("113071", "DCM", "Z-score");
    /** Private: IMAT in percent of the paraspinal compartment (no standard code). */
    public static final CodedConcept IMAT_PERCENT =
            new CodedConcept("IMATPCT", PRIVATE_SCHEME, "Intermuscular adipose tissue fraction of compartment");
    /** Private: lean muscle volume normalised to BMI (no standard code). */
    public static final CodedConcept LMM_INDEX =
            new CodedConcept("LMMINDEX", PRIVATE_SCHEME, "Lean muscle volume per body mass index");
    /** Private: psoas muscle index, psoas area at L3 per height squared (no standard code). */
    public static final CodedConcept PSOAS_MUSCLE_INDEX = new CodedConcept("PMI", PRIVATE_SCHEME, "Psoas muscle index");
    /** Private: psoas cross-sectional area at the L3 mid-level (no standard code). */
    public static final CodedConcept PSOAS_AREA_L3 =
            new CodedConcept("PSOASL3", PRIVATE_SCHEME, "Psoas cross-sectional area at L3");
    /** Private: a risk marker's flag (value: one of the flag codes below). */
    public static final CodedConcept RISK_MARKER =
            new CodedConcept("RISKMARKER", PRIVATE_SCHEME, "Research risk marker");
    /** Private flag value: elevated. */
    public static final CodedConcept FLAG_ELEVATED = new CodedConcept("ELEVATED", PRIVATE_SCHEME, "Elevated");
    /** Private flag value: typical. */
    public static final CodedConcept FLAG_TYPICAL = new CodedConcept("TYPICAL", PRIVATE_SCHEME, "Typical");
    /** Private flag value: low. */
    public static final CodedConcept FLAG_LOW = new CodedConcept("LOW", PRIVATE_SCHEME, "Low");
    /** Private flag value: not applicable. */
    public static final CodedConcept FLAG_NOT_APPLICABLE = new CodedConcept("NA", PRIVATE_SCHEME, "Not applicable");

    // Units (UCUM, PS3.16 CID 7181 / 7461 / 7462).
    /** UCUM cubic centimetre. */
    public static final CodedConcept UNIT_CM3 = new CodedConcept("cm3", "UCUM", "cubic centimeter");
    /** UCUM square centimetre. */
    public static final CodedConcept UNIT_CM2 = new CodedConcept("cm2", "UCUM", "square centimeter");
    /** UCUM percent. */
    public static final CodedConcept UNIT_PERCENT = new CodedConcept("%", "UCUM", "Percent");
    /** UCUM no units (z-scores). */
    public static final CodedConcept UNIT_NONE = new CodedConcept("1", "UCUM", "no units");
    /** UCUM cm3 per (kg/m2): LMM index. */
    public static final CodedConcept UNIT_CM3_PER_BMI = new CodedConcept("cm3/(kg/m2)", "UCUM", "cm3 per kg/m2");
    /** UCUM cm2 per m2: psoas muscle index. */
    public static final CodedConcept UNIT_CM2_PER_M2 = new CodedConcept("cm2/m2", "UCUM", "cm2 per m2");

    private Codes() {}
}
