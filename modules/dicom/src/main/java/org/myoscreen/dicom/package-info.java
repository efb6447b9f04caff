/**
 * DICOM data: tags, value representations, the standard data dictionary, {@code Attributes}
 * (an ordered dataset), Part 10 streaming read and write, transfer syntaxes, UIDs and specific
 * character sets (PS3.5, PS3.6, PS3.10), and the DICOM JSON model (PS3.18 annex F).
 *
 * <ul>
 *   <li>{@link org.myoscreen.dicom.Tag}, {@link org.myoscreen.dicom.ElementDictionary}: generated from
 *       DCMTK's copy of PS3.6 by {@code tools/dictionary/generate.py}.</li>
 *   <li>{@link org.myoscreen.dicom.Attributes}, {@link org.myoscreen.dicom.DataElement}: the dataset model.</li>
 *   <li>{@link org.myoscreen.dicom.Part10Reader}, {@link org.myoscreen.dicom.DatasetReader}: reading Explicit and
 *       Implicit VR Little Endian, Explicit VR Big Endian, Deflated; corrupt input raises
 *       {@link org.myoscreen.dicom.DicomParseException} with source, offset and tag.</li>
 *   <li>{@link org.myoscreen.dicom.Part10Writer}, {@link org.myoscreen.dicom.DatasetWriter},
 *       {@link org.myoscreen.dicom.Transcoder}: writing and streaming re-encoding in Explicit and Implicit VR
 *       Little Endian.</li>
 *   <li>{@link org.myoscreen.dicom.DicomJson}: the JSON behind {@code myoscreen dump}.</li>
 * </ul>
 *
 * <p>Proven in the test suite against pydicom's corpus (JSON agreement, character sets) and DCMTK's
 * {@code dcmdump} (round trips), and by a seeded fuzz test. Knows nothing of networks or images. Depends on
 * SLF4J only.
 */
package org.myoscreen.dicom;
