package org.myoscreen.dicom;

import java.util.Optional;

/**
 * The value representations of PS3.5 section 6.2, with the facts needed to encode and decode them.
 *
 * <p>Immutable and thread-safe.
 */
public enum VR {
    /** Application Entity, up to 16 characters. */
    AE(Kind.STRING, ' ', false, 0),
    /** Age String, 4 characters. */
    AS(Kind.STRING, ' ', false, 0),
    /** Attribute Tag, pairs of 16-bit unsigned integers. */
    AT(Kind.BINARY_NUMBER, 0, false, 2),
    /** Code String. */
    CS(Kind.STRING, ' ', false, 0),
    /** Date, YYYYMMDD. */
    DA(Kind.STRING, ' ', false, 0),
    /** Decimal String. */
    DS(Kind.STRING, ' ', false, 0),
    /** Date Time. */
    DT(Kind.STRING, ' ', false, 0),
    /** Floating Point Single, IEEE 754 32-bit. */
    FL(Kind.BINARY_NUMBER, 0, false, 4),
    /** Floating Point Double, IEEE 754 64-bit. */
    FD(Kind.BINARY_NUMBER, 0, false, 8),
    /** Integer String. */
    IS(Kind.STRING, ' ', false, 0),
    /** Long String, up to 64 characters. */
    LO(Kind.STRING, ' ', false, 0),
    /** Long Text, a single value. */
    LT(Kind.STRING, ' ', false, 0),
    /** Other Byte. */
    OB(Kind.BULK, 0, true, 1),
    /** Other Double, 64-bit floats. */
    OD(Kind.BULK, 0, true, 8),
    /** Other Float, 32-bit floats. */
    OF(Kind.BULK, 0, true, 4),
    /** Other Long, 32-bit words. */
    OL(Kind.BULK, 0, true, 4),
    /** Other 64-bit Very Long. */
    OV(Kind.BULK, 0, true, 8),
    /** Other Word, 16-bit words. */
    OW(Kind.BULK, 0, true, 2),
    /** Person Name. */
    PN(Kind.STRING, ' ', false, 0),
    /** Short String, up to 16 characters. */
    SH(Kind.STRING, ' ', false, 0),
    /** Signed Long, 32-bit. */
    SL(Kind.BINARY_NUMBER, 0, false, 4),
    /** Sequence of Items. */
    SQ(Kind.SEQUENCE, 0, true, 0),
    /** Signed Short, 16-bit. */
    SS(Kind.BINARY_NUMBER, 0, false, 2),
    /** Short Text, a single value. */
    ST(Kind.STRING, ' ', false, 0),
    /** Signed 64-bit Very Long. */
    SV(Kind.BINARY_NUMBER, 0, true, 8),
    /** Time. */
    TM(Kind.STRING, ' ', false, 0),
    /** Unlimited Characters. */
    UC(Kind.STRING, ' ', true, 0),
    /** Unique Identifier, padded with NUL. */
    UI(Kind.STRING, 0, false, 0),
    /** Unsigned Long, 32-bit. */
    UL(Kind.BINARY_NUMBER, 0, false, 4),
    /** Unknown: raw bytes of an element whose VR is not known. */
    UN(Kind.BULK, 0, true, 1),
    /** Universal Resource Identifier. */
    UR(Kind.STRING, ' ', true, 0),
    /** Unsigned Short, 16-bit. */
    US(Kind.BINARY_NUMBER, 0, false, 2),
    /** Unlimited Text, a single value. */
    UT(Kind.STRING, ' ', true, 0),
    /** Unsigned 64-bit Very Long. */
    UV(Kind.BINARY_NUMBER, 0, true, 8);

    private enum Kind {
        STRING,
        BINARY_NUMBER,
        BULK,
        SEQUENCE
    }

    private static final VR[] BY_CODE = new VR[0x10000];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code()] = vr;
        }
    }

    private final Kind kind;
    private final int paddingByte;
    private final boolean explicitLongLength;
    private final int bytesPerValue;

    VR(Kind kind, int paddingByte, boolean explicitLongLength, int bytesPerValue) {
        this.kind = kind;
        this.paddingByte = paddingByte;
        this.explicitLongLength = explicitLongLength;
        this.bytesPerValue = bytesPerValue;
    }

    /**
     * Tells whether Explicit VR encoding uses 2 reserved bytes and a 4-byte length for this VR
     * (PS3.5 section 7.1.2, table 7.1-1): OB OD OF OL OV OW SQ UC UN UR UT SV UV.
     *
     * @return true for the long form
     */
    public boolean explicitLongLength() {
        return explicitLongLength;
    }

    /**
     * Returns the VR's two ASCII characters as an int, first character in the high byte.
     *
     * @return e.g. {@code 0x504E} for {@code PN}
     */
    public int code() {
        String name = name();
        return (name.charAt(0) << 8) | name.charAt(1);
    }

    /**
     * Looks up a VR by its two-character code.
     *
     * @param code first character in the high byte, as read from an Explicit VR stream
     * @return the VR, or empty when the code is no VR of PS3.5
     */
    public static Optional<VR> of(int code) {
        if (code < 0 || code > 0xFFFF) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }

    /**
     * Tells whether the value is raw binary data: OB OD OF OL OV OW UN.
     *
     * @return true for bulk binary VRs
     */
    public boolean isBinary() {
        return kind == Kind.BULK;
    }

    /**
     * Tells whether the value is character data (PS3.5 section 6.1): AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT.
     *
     * @return true for string VRs
     */
    public boolean isString() {
        return kind == Kind.STRING;
    }

    /**
     * Tells whether the value holds binary numbers of a fixed size: AT FL FD SL SS SV UL US UV.
     *
     * @return true for binary numeric VRs
     */
    public boolean isBinaryNumber() {
        return kind == Kind.BINARY_NUMBER;
    }

    /**
     * Tells whether the string VR may hold several values separated by backslash (all string VRs but LT, ST, UT and UR).
     *
     * @return true when backslash separates values
     */
    public boolean isMultiValuedString() {
        return kind == Kind.STRING && this != LT && this != ST && this != UT && this != UR;
    }

    /**
     * Tells whether the string VR's values are subject to Specific Character Set (0008,0005) decoding
     * (PS3.5 section 6.1.2.3): LO LT PN SH ST UC UT. The others use the default repertoire.
     *
     * @return true when the character set applies
     */
    public boolean usesSpecificCharacterSet() {
        return this == LO || this == LT || this == PN || this == SH || this == ST || this == UC || this == UT;
    }

    /**
     * Returns the byte used to pad a value to even length (PS3.5 section 7.1.1): space for strings,
     * NUL for UI and binary values.
     *
     * @return 0x20 or 0x00
     */
    public int paddingByte() {
        return paddingByte;
    }

    /**
     * Returns the size of one value for binary numbers and the word size for bulk VRs (used for byte swapping).
     *
     * @return bytes per value, 0 for strings and sequences
     */
    public int bytesPerValue() {
        return bytesPerValue;
    }
}
