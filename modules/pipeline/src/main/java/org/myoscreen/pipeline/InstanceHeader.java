package org.myoscreen.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The header facts of one stored instance that series assembly, routing and station grouping need
 * (read from the dataset up to Pixel Data). Immutable; absent attributes are empty, never null.
 *
 * @param studyInstanceUid (0020,000D)
 * @param seriesInstanceUid (0020,000E)
 * @param sopInstanceUid (0008,0018)
 * @param sopClassUid (0008,0016)
 * @param modality (0008,0060), "" when absent
 * @param callingAeTitle the AE title that sent the instance (from the association, or Source Application
 *     Entity Title (0002,0016) of the spooled file after a restart), "" when unknown
 * @param seriesDescription (0008,103E)
 * @param imageType (0008,0008) values, e.g. ORIGINAL\PRIMARY\M\W for a Dixon water image
 * @param imageOrientationPatient (0020,0037): six direction cosines, empty when absent
 * @param slicePositions (0020,0032) of each frame: one entry for a single-frame image, one per frame for an
 *     enhanced multi-frame image (from the per-frame functional groups), empty when absent
 * @param bodyPartExamined (0018,0015)
 * @param frameOfReferenceUid (0020,0052)
 * @param imagesInAcquisition (0020,1002)
 * @param numberOfFrames (0028,0008); 1 for single-frame images
 * @param sequenceName (0018,0024)
 * @param scanningSequence (0018,0020) values
 * @param seriesNumber (0020,0011)
 */
public record InstanceHeader(
        String studyInstanceUid,
        String seriesInstanceUid,
        String sopInstanceUid,
        String sopClassUid,
        String modality,
        String callingAeTitle,
        Optional<String> seriesDescription,
        List<String> imageType,
        List<Double> imageOrientationPatient,
        List<PatientPosition> slicePositions,
        Optional<String> bodyPartExamined,
        Optional<String> frameOfReferenceUid,
        OptionalInt imagesInAcquisition,
        int numberOfFrames,
        Optional<String> sequenceName,
        List<String> scanningSequence,
        OptionalInt seriesNumber) {

    /**
     * Checks for nulls and copies the lists.
     *
     * @param studyInstanceUid (0020,000D)
     * @param seriesInstanceUid (0020,000E)
     * @param sopInstanceUid (0008,0018)
     * @param sopClassUid (0008,0016)
     * @param modality (0008,0060), "" when absent
     * @param callingAeTitle the AE title that sent the instance (from the association, or Source Application
     *     Entity Title (0002,0016) of the spooled file after a restart), "" when unknown
     * @param seriesDescription (0008,103E)
     * @param imageType (0008,0008) values, e.g. ORIGINAL\PRIMARY\M\W for a Dixon water image
     * @param imageOrientationPatient (0020,0037): six direction cosines, empty when absent
     * @param slicePositions (0020,0032) of each frame: one entry for a single-frame image, one per frame for an
     *     enhanced multi-frame image (from the per-frame functional groups), empty when absent
     * @param bodyPartExamined (0018,0015)
     * @param frameOfReferenceUid (0020,0052)
     * @param imagesInAcquisition (0020,1002)
     * @param numberOfFrames (0028,0008); 1 for single-frame images
     * @param sequenceName (0018,0024)
     * @param scanningSequence (0018,0020) values
     * @param seriesNumber (0020,0011)
     */
    public InstanceHeader {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid is null");
        Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid is null");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid is null");
        Objects.requireNonNull(sopClassUid, "sopClassUid is null");
        Objects.requireNonNull(modality, "modality is null");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        Objects.requireNonNull(seriesDescription, "seriesDescription is null");
        imageType = List.copyOf(imageType);
        imageOrientationPatient = List.copyOf(imageOrientationPatient);
        slicePositions = List.copyOf(slicePositions);
        Objects.requireNonNull(bodyPartExamined, "bodyPartExamined is null");
        Objects.requireNonNull(frameOfReferenceUid, "frameOfReferenceUid is null");
        Objects.requireNonNull(imagesInAcquisition, "imagesInAcquisition is null");
        if (numberOfFrames < 1) {
            throw new IllegalArgumentException("numberOfFrames " + numberOfFrames + " < 1 for " + sopInstanceUid);
        }
        Objects.requireNonNull(sequenceName, "sequenceName is null");
        scanningSequence = List.copyOf(scanningSequence);
        Objects.requireNonNull(seriesNumber, "seriesNumber is null");
    }

    /**
     * The acquisition plane from {@link #imageOrientationPatient()}.
     *
     * @return the plane
     */
    public Orientation orientation() {
        return Orientation.of(imageOrientationPatient);
    }

    /**
     * A builder with only the three identifying UIDs and the SOP class set; for tests and readers.
     *
     * @param studyUid Study Instance UID
     * @param seriesUid Series Instance UID
     * @param sopInstanceUid SOP Instance UID
     * @param sopClassUid SOP Class UID
     * @return the builder
     */
    public static Builder builder(String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid) {
        return new Builder(studyUid, seriesUid, sopInstanceUid, sopClassUid);
    }

    /**
     * A builder initialised with this header's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid);
        b.modality = modality;
        b.callingAeTitle = callingAeTitle;
        b.seriesDescription = seriesDescription;
        b.imageType = imageType;
        b.imageOrientationPatient = imageOrientationPatient;
        b.slicePositions = slicePositions;
        b.bodyPartExamined = bodyPartExamined;
        b.frameOfReferenceUid = frameOfReferenceUid;
        b.imagesInAcquisition = imagesInAcquisition;
        b.numberOfFrames = numberOfFrames;
        b.sequenceName = sequenceName;
        b.scanningSequence = scanningSequence;
        b.seriesNumber = seriesNumber;
        return b;
    }

    /** Mutable builder for {@link InstanceHeader}; not thread-safe. */
    public static final class Builder {
        private String studyInstanceUid;
        private String seriesInstanceUid;
        private String sopInstanceUid;
        private String sopClassUid;
        private String modality = "";
        private String callingAeTitle = "";
        private Optional<String> seriesDescription = Optional.empty();
        private List<String> imageType = List.of();
        private List<Double> imageOrientationPatient = List.of();
        private List<PatientPosition> slicePositions = List.of();
        private Optional<String> bodyPartExamined = Optional.empty();
        private Optional<String> frameOfReferenceUid = Optional.empty();
        private OptionalInt imagesInAcquisition = OptionalInt.empty();
        private int numberOfFrames = 1;
        private Optional<String> sequenceName = Optional.empty();
        private List<String> scanningSequence = List.of();
        private OptionalInt seriesNumber = OptionalInt.empty();

        private Builder(String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid) {
            this.studyInstanceUid = studyUid;
            this.seriesInstanceUid = seriesUid;
            this.sopInstanceUid = sopInstanceUid;
            this.sopClassUid = sopClassUid;
        }

        /**
         * Sets {@code sopInstanceUid}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder sopInstanceUid(String v) {
            sopInstanceUid = v;
            return this;
        }

        /**
         * Sets {@code seriesInstanceUid}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder seriesInstanceUid(String v) {
            seriesInstanceUid = v;
            return this;
        }

        /**
         * Sets {@code modality}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder modality(String v) {
            modality = v;
            return this;
        }

        /**
         * Sets {@code callingAeTitle}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder callingAeTitle(String v) {
            callingAeTitle = v;
            return this;
        }

        /**
         * Sets {@code seriesDescription}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder seriesDescription(String v) {
            seriesDescription = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets {@code imageType}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder imageType(List<String> v) {
            imageType = v;
            return this;
        }

        /**
         * Sets {@code imageOrientationPatient}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder imageOrientationPatient(List<Double> v) {
            imageOrientationPatient = v;
            return this;
        }

        /**
         * Sets {@code slicePositions}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder slicePositions(List<PatientPosition> v) {
            slicePositions = v;
            return this;
        }

        /**
         * Sets {@code bodyPartExamined}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder bodyPartExamined(String v) {
            bodyPartExamined = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets {@code frameOfReferenceUid}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder frameOfReferenceUid(String v) {
            frameOfReferenceUid = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets {@code imagesInAcquisition}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder imagesInAcquisition(int v) {
            imagesInAcquisition = OptionalInt.of(v);
            return this;
        }

        /**
         * Sets {@code numberOfFrames}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder numberOfFrames(int v) {
            numberOfFrames = v;
            return this;
        }

        /**
         * Sets {@code sequenceName}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder sequenceName(String v) {
            sequenceName = Optional.ofNullable(v);
            return this;
        }

        /**
         * Sets {@code scanningSequence}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder scanningSequence(List<String> v) {
            scanningSequence = v;
            return this;
        }

        /**
         * Sets {@code seriesNumber}.
         *
         * @param v the value
         * @return this builder
         */
        public Builder seriesNumber(int v) {
            seriesNumber = OptionalInt.of(v);
            return this;
        }

        /**
         * Builds the header; throws on null identifiers.
         *
         * @return the header
         */
        public InstanceHeader build() {
            return new InstanceHeader(
                    studyInstanceUid,
                    seriesInstanceUid,
                    sopInstanceUid,
                    sopClassUid,
                    modality,
                    callingAeTitle,
                    seriesDescription,
                    imageType,
                    imageOrientationPatient,
                    slicePositions,
                    bodyPartExamined,
                    frameOfReferenceUid,
                    imagesInAcquisition,
                    numberOfFrames,
                    sequenceName,
                    scanningSequence,
                    seriesNumber);
        }
    }
}
