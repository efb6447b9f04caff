package org.myoscreen.phantom;

import java.util.List;

/**
 * The MR contrasts the phantom writes, each as its own series per station, with the header
 * values a scanner would write for it.
 */
public enum Contrast {
    /** T2-weighted single-shot turbo spin echo (HASTE-like): fat and fluid bright, muscle dark. */
    T2_HASTE("T2 HASTE tra", "*haste", List.of("ORIGINAL", "PRIMARY", "M", "NORM", "DIS2D"), "SE"),
    /** Dixon water image. */
    DIXON_WATER("DIXON W", "*fl3d2", List.of("DERIVED", "PRIMARY", "DIXON", "WATER"), "GR"),
    /** Dixon fat image. */
    DIXON_FAT("DIXON F", "*fl3d2", List.of("DERIVED", "PRIMARY", "DIXON", "FAT"), "GR"),
    /** Dixon in-phase image (water + fat). */
    DIXON_IN_PHASE("DIXON in", "*fl3d2", List.of("ORIGINAL", "PRIMARY", "DIXON", "IN_PHASE"), "GR"),
    /** Dixon opposed-phase image (|water - fat|). */
    DIXON_OPPOSED_PHASE("DIXON opp", "*fl3d2", List.of("ORIGINAL", "PRIMARY", "DIXON", "OPPOSED_PHASE"), "GR");

    private final String description;
    private final String sequenceName;
    private final List<String> imageType;
    private final String scanningSequence;

    Contrast(String description, String sequenceName, List<String> imageType, String scanningSequence) {
        this.description = description;
        this.sequenceName = sequenceName;
        this.imageType = imageType;
        this.scanningSequence = scanningSequence;
    }

    /** Series Description stem. */
    public String description() {
        return description;
    }

    /** Sequence Name (0018,0024). */
    public String sequenceName() {
        return sequenceName;
    }

    /** Image Type (0008,0008) values. */
    public List<String> imageType() {
        return imageType;
    }

    /** Scanning Sequence (0018,0020). */
    public String scanningSequence() {
        return scanningSequence;
    }

    /** True for the four Dixon images. */
    public boolean isDixon() {
        return this != T2_HASTE;
    }
}
