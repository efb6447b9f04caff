/**
 * DICOM data: tags, value representations, the standard data dictionary, {@code Attributes}
 * (an ordered dataset), Part 10 streaming read and write, transfer syntaxes, UIDs and specific
 * character sets (PS3.5, PS3.6, PS3.10).
 *
 * <p>Knows nothing of networks or images. Depends on SLF4J only.
 */
package org.myoscreen.dicom;
