/**
 * Implementation details of the {@code dicom} module: buffered position-counting input with bounded value
 * reads ({@link org.myoscreen.dicom.internal.DicomInput}), little endian output, and Specific Character Set
 * decoding (PS3.3 C.12.1.1.2, PS3.5 section 6.1). Not for use by other modules; may change without notice.
 */
package org.myoscreen.dicom.internal;
