package org.myoscreen.dicom;

import java.util.Objects;

/**
 * One entry of the standard data dictionary (PS3.6 section 6, PS3.7 annex E).
 *
 * <p>For repeating groups ({@code 60xx}) {@code tag} is the tag that was looked up. For entries whose
 * VR is "US or SS" or "OB or OW", {@code vr} is the documented choice of {@link ElementDictionary#vrOf(int)}
 * and {@code vrChoices} names the alternatives (e.g. {@code "US or SS"}), empty when there is one VR.
 *
 * @param tag the tag {@code (group << 16) | element}
 * @param keyword the keyword, e.g. {@code PatientName} (retired ones without prefix)
 * @param vr the value representation used when none is encoded (Implicit VR)
 * @param vm the value multiplicity as PS3.6 writes it, e.g. {@code "1"}, {@code "1-n"}, {@code "2-2n"}
 * @param retired true when PS3.6 lists the attribute as retired
 */
public record DictionaryEntry(int tag, String keyword, VR vr, String vm, boolean retired) {

    /**
     * Validates the components.
     *
     * @param tag the tag
     * @param keyword the keyword
     * @param vr the VR
     * @param vm the value multiplicity
     * @param retired whether retired
     */
    public DictionaryEntry {
        Objects.requireNonNull(keyword, "keyword is null");
        Objects.requireNonNull(vr, "vr is null");
        Objects.requireNonNull(vm, "vm is null");
    }
}
