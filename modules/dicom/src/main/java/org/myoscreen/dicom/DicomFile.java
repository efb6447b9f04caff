package org.myoscreen.dicom;

import java.util.Objects;

/**
 * A DICOM file as read by {@link Part10Reader} (PS3.10 section 7.1).
 *
 * <p>The attributes are mutable (see {@link Attributes}); the record itself is not thread-safe to share
 * while they are modified.
 *
 * @param fileMetaInformation group 0002 elements; empty when the file had none
 * @param dataset the dataset without group 0002
 * @param transferSyntax the transfer syntax the dataset was encoded in (guessed when there was no meta information)
 */
public record DicomFile(Attributes fileMetaInformation, Attributes dataset, TransferSyntax transferSyntax) {

    /**
     * Validates the components.
     *
     * @param fileMetaInformation group 0002 elements
     * @param dataset the dataset
     * @param transferSyntax the dataset's transfer syntax
     */
    public DicomFile {
        Objects.requireNonNull(fileMetaInformation, "fileMetaInformation is null");
        Objects.requireNonNull(dataset, "dataset is null");
        Objects.requireNonNull(transferSyntax, "transferSyntax is null");
    }
}
