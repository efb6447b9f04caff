package org.myoscreen.dicom;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.myoscreen.dicom.internal.SpecificCharacterSet;

/**
 * A DICOM dataset (PS3.5 section 7): data elements ordered by tag, with typed getters and setters.
 *
 * <p>Values are held as their encoded bytes (little endian, padding kept) and converted on access:
 * <ul>
 *   <li>Strings are decoded with this dataset's Specific Character Set (0008,0005), inherited from the
 *       enclosing dataset for sequence items (PS3.5 section 7.5.2), for the VRs it applies to (LO LT PN SH ST
 *       UC UT); other string VRs use the default repertoire. Setters encode with the character set in force
 *       when they are called: set (0008,0005) first.</li>
 *   <li>Getters trim leading and trailing spaces (and NUL padding) of each value, except that LT, ST, UT and
 *       UR keep leading spaces, which PS3.5 section 6.2 declares significant.</li>
 *   <li>Numbers are read from binary VRs (US SS UL SL SV UV FL FD, AT, and OB OW OL OF OD as arrays) or parsed
 *       from IS and DS. UL and UV values above {@code Integer.MAX_VALUE} wrap when read as {@code int}.</li>
 * </ul>
 * Private elements are kept exactly as they came (raw bytes and VR, UN when read in Implicit VR).
 * Getters that convert throw {@link DicomException} naming the tag when a value cannot be converted
 * (e.g. an IS that is not an integer); setters throw {@link IllegalArgumentException} for a VR that cannot hold
 * the given type.
 *
 * <p>Mutable and not thread-safe: confine an instance to one thread or publish it safely after building it.
 */
public final class Attributes implements Iterable<DataElement> {

    private final TreeMap<Integer, DataElement> elements = new TreeMap<>(Integer::compareUnsigned);
    private Attributes parent;
    private byte[] cachedCharsetBytes;
    private SpecificCharacterSet cachedCharset;

    /** Creates an empty dataset. */
    public Attributes() {}

    void setParent(Attributes parent) {
        this.parent = parent;
    }

    Attributes parentDataset() {
        return parent;
    }

    /**
     * Tells whether an element is present (even with an empty value).
     *
     * @param tag the tag
     * @return true when present
     */
    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /**
     * Returns an element.
     *
     * @param tag the tag
     * @return the element, or empty when absent
     */
    public Optional<DataElement> get(int tag) {
        return Optional.ofNullable(elements.get(tag));
    }

    /**
     * Returns the number of elements at this level (items of sequences not counted).
     *
     * @return element count
     */
    public int size() {
        return elements.size();
    }

    /**
     * Tells whether the dataset has no elements.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /**
     * Iterates the elements in ascending tag order (tags compared unsigned).
     *
     * @return an iterator that does not support removal
     */
    @Override
    public Iterator<DataElement> iterator() {
        return Collections.unmodifiableCollection(elements.values()).iterator();
    }

    /**
     * Returns the tags present, ascending.
     *
     * @return a new array of tags
     */
    public int[] tags() {
        return elements.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- strings

    /**
     * Returns the first value as text.
     *
     * @param tag the tag
     * @return the first value, trimmed (binary numbers in decimal, AT as {@code GGGGEEEE}); empty when the
     *     element is absent, has no value, or holds bulk data or a sequence
     */
    public Optional<String> getString(int tag) {
        List<String> values = getStrings(tag);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Returns the first value as text, or a default.
     *
     * @param tag the tag
     * @param defaultValue returned when the element is absent or empty
     * @return the first value, trimmed
     */
    public String getString(int tag, String defaultValue) {
        return getString(tag).orElse(defaultValue);
    }

    /**
     * Returns all values as text: string VRs split at backslash (except LT ST UT UR), binary numbers in decimal,
     * AT as {@code GGGGEEEE}. Bulk data and sequences give an empty list.
     *
     * @param tag the tag
     * @return the values, each trimmed (empty values kept as ""); empty list when absent or empty
     */
    public List<String> getStrings(int tag) {
        DataElement e = elements.get(tag);
        if (e == null || e.raw() == null || e.raw().length == 0) {
            return List.of();
        }
        VR vr = e.vr();
        if (vr.isString()) {
            SpecificCharacterSet cs = vr.usesSpecificCharacterSet() ? characterSet() : SpecificCharacterSet.DEFAULT;
            String text = cs.decode(e.raw(), 0, e.raw().length);
            List<String> values = new ArrayList<>();
            if (vr.isMultiValuedString()) {
                int start = 0;
                for (int i = 0; i <= text.length(); i++) {
                    if (i == text.length() || text.charAt(i) == '\\') {
                        values.add(trim(text.substring(start, i), true));
                        start = i + 1;
                    }
                }
            } else {
                values.add(trim(text, false));
            }
            if (values.size() == 1 && values.get(0).isEmpty()) {
                return List.of();
            }
            return Collections.unmodifiableList(values);
        }
        if (vr.isBinaryNumber()) {
            List<String> values = new ArrayList<>();
            if (vr == VR.AT) {
                for (long v : longs(e)) {
                    values.add(String.format("%08X", v));
                }
            } else if (vr == VR.FL || vr == VR.FD) {
                for (double v : doubles(e)) {
                    values.add(vr == VR.FL ? Float.toString((float) v) : Double.toString(v));
                }
            } else if (vr == VR.UV) {
                for (long v : longs(e)) {
                    values.add(Long.toUnsignedString(v));
                }
            } else {
                for (long v : longs(e)) {
                    values.add(Long.toString(v));
                }
            }
            return Collections.unmodifiableList(values);
        }
        return List.of();
    }

    static String trim(String s, boolean leading) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        int start = 0;
        if (leading) {
            while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\0')) {
                start++;
            }
        }
        return s.substring(start, end);
    }

    /**
     * Returns the Specific Character Set in force for this dataset (its own, or inherited from the dataset
     * that holds it as a sequence item).
     *
     * @return the values of (0008,0005) joined by backslash; "" for the default repertoire
     */
    public String specificCharacterSet() {
        return String.join("\\", characterSet().terms());
    }

    SpecificCharacterSet characterSet() {
        DataElement e = elements.get(Tag.SpecificCharacterSet);
        if (e == null || e.raw() == null) {
            return parent == null ? SpecificCharacterSet.DEFAULT : parent.characterSet();
        }
        if (e.raw() != cachedCharsetBytes) {
            String text = new String(e.raw(), StandardCharsets.ISO_8859_1);
            List<String> terms = new ArrayList<>();
            for (String term : text.split("\\\\", -1)) {
                terms.add(term.strip());
            }
            if (terms.stream().allMatch(String::isEmpty)) {
                terms.clear();
            }
            cachedCharset = SpecificCharacterSet.of(terms);
            cachedCharsetBytes = e.raw();
        }
        return cachedCharset;
    }

    // ---------------------------------------------------------------- numbers

    /**
     * Returns the first value as an int.
     *
     * @param tag the tag
     * @return the value, or empty when absent or empty
     * @throws DicomException when the value is not an integer (e.g. a DS with a fraction)
     */
    public OptionalInt getInt(int tag) {
        int[] values = getInts(tag);
        return values.length == 0 ? OptionalInt.empty() : OptionalInt.of(values[0]);
    }

    /**
     * Returns the first value as an int, or a default.
     *
     * @param tag the tag
     * @param defaultValue returned when absent or empty
     * @return the value
     * @throws DicomException when the value is not an integer
     */
    public int getInt(int tag, int defaultValue) {
        return getInt(tag).orElse(defaultValue);
    }

    /**
     * Returns all values as ints: US SS UL SL SV UV AT (as {@code group << 16 | element}), OB OW OL (as unsigned
     * words), IS and integral DS.
     *
     * @param tag the tag
     * @return the values; an empty array when absent, empty or not numeric (sequences, text)
     * @throws DicomException when a string value is not an integer
     */
    public int[] getInts(int tag) {
        DataElement e = elements.get(tag);
        if (e == null || e.raw() == null) {
            return new int[0];
        }
        long[] longs = longs(e);
        int[] out = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
            out[i] = (int) longs[i];
        }
        return out;
    }

    /**
     * Returns the first value as a double.
     *
     * @param tag the tag
     * @return the value, or empty when absent or empty
     * @throws DicomException when a string value is not a number
     */
    public OptionalDouble getDouble(int tag) {
        double[] values = getDoubles(tag);
        return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(values[0]);
    }

    /**
     * Returns the first value as a double, or a default.
     *
     * @param tag the tag
     * @param defaultValue returned when absent or empty
     * @return the value
     * @throws DicomException when a string value is not a number
     */
    public double getDouble(int tag, double defaultValue) {
        return getDouble(tag).orElse(defaultValue);
    }

    /**
     * Returns all values as doubles: DS IS FL FD OF OD and the integer VRs.
     *
     * @param tag the tag
     * @return the values; an empty array when absent, empty or not numeric
     * @throws DicomException when a string value is not a number
     */
    public double[] getDoubles(int tag) {
        DataElement e = elements.get(tag);
        if (e == null || e.raw() == null) {
            return new double[0];
        }
        return doubles(e);
    }

    private long[] longs(DataElement e) {
        byte[] v = e.raw();
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        long[] out;
        switch (e.vr()) {
            case US, OW -> {
                out = new long[v.length / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getShort(2 * i) & 0xFFFF;
                }
            }
            case SS -> {
                out = new long[v.length / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getShort(2 * i);
                }
            }
            case UL, OL -> {
                out = new long[v.length / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt(4 * i) & 0xFFFFFFFFL;
                }
            }
            case SL -> {
                out = new long[v.length / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt(4 * i);
                }
            }
            case AT -> {
                out = new long[v.length / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ((long) (b.getShort(4 * i) & 0xFFFF) << 16) | (b.getShort(4 * i + 2) & 0xFFFF);
                }
            }
            case SV, UV -> {
                out = new long[v.length / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getLong(8 * i);
                }
            }
            case OB -> {
                out = new long[v.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = v[i] & 0xFF;
                }
            }
            case IS, DS -> {
                List<String> strings = getStrings(e.tag());
                List<Long> parsed = new ArrayList<>();
                for (String s : strings) {
                    if (s.isEmpty()) {
                        continue;
                    }
                    try {
                        parsed.add(
                                e.vr() == VR.IS
                                        ? Long.parseLong(s.startsWith("+") ? s.substring(1) : s)
                                        : new BigDecimal(s).longValueExact());
                    } catch (NumberFormatException | ArithmeticException ex) {
                        throw new DicomException(
                                "value '" + s + "' of " + Tag.toString(e.tag()) + " " + e.vr() + " is not an integer",
                                ex);
                    }
                }
                out = parsed.stream().mapToLong(Long::longValue).toArray();
            }
            case FL, FD, OF, OD -> {
                double[] doubles = doubles(e);
                out = new long[doubles.length];
                for (int i = 0; i < doubles.length; i++) {
                    if (doubles[i] != Math.rint(doubles[i])) {
                        throw new DicomException("value " + doubles[i] + " of " + Tag.toString(e.tag()) + " " + e.vr()
                                + " is not an integer");
                    }
                    out[i] = (long) doubles[i];
                }
            }
            default -> out = new long[0];
        }
        return out;
    }

    private double[] doubles(DataElement e) {
        byte[] v = e.raw();
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        switch (e.vr()) {
            case FL, OF -> {
                double[] out = new double[v.length / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getFloat(4 * i);
                }
                return out;
            }
            case FD, OD -> {
                double[] out = new double[v.length / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getDouble(8 * i);
                }
                return out;
            }
            case DS, IS -> {
                List<String> strings = getStrings(e.tag());
                double[] out = new double[strings.size()];
                int n = 0;
                for (String s : strings) {
                    if (s.isEmpty()) {
                        continue;
                    }
                    try {
                        out[n++] = Double.parseDouble(s);
                    } catch (NumberFormatException ex) {
                        throw new DicomException(
                                "value '" + s + "' of " + Tag.toString(e.tag()) + " " + e.vr() + " is not a number",
                                ex);
                    }
                }
                return Arrays.copyOf(out, n);
            }
            case UV -> {
                long[] longs = longs(e);
                double[] out = new double[longs.length];
                for (int i = 0; i < longs.length; i++) {
                    double d = (double) (longs[i] >>> 1) * 2.0 + (longs[i] & 1);
                    out[i] = d;
                }
                return out;
            }
            default -> {
                long[] longs = longs(e);
                double[] out = new double[longs.length];
                for (int i = 0; i < longs.length; i++) {
                    out[i] = longs[i];
                }
                return out;
            }
        }
    }

    // ---------------------------------------------------------------- sequences, bytes, fragments

    /**
     * Returns the items of a sequence: the live, mutable list.
     *
     * @param tag the tag of an SQ element
     * @return the items; an empty immutable list when absent or not a sequence
     */
    public List<Attributes> getSequence(int tag) {
        DataElement e = elements.get(tag);
        return e == null ? List.of() : e.items();
    }

    /**
     * Returns a copy of the raw value bytes (little endian, padding included).
     *
     * @param tag the tag
     * @return the bytes, or empty when absent, a sequence, or fragments
     */
    public Optional<byte[]> getBytes(int tag) {
        DataElement e = elements.get(tag);
        return e == null || e.raw() == null
                ? Optional.empty()
                : Optional.of(e.raw().clone());
    }

    /**
     * Returns encapsulated Pixel Data.
     *
     * @param tag usually {@link Tag#PixelData}
     * @return the Basic Offset Table and fragments, or empty when absent or not encapsulated
     */
    public Optional<Fragments> getFragments(int tag) {
        DataElement e = elements.get(tag);
        return e == null ? Optional.empty() : e.fragments();
    }

    // ---------------------------------------------------------------- setters

    /**
     * Sets a string element. Values are joined by backslash, encoded with the Specific Character Set in force
     * (for the VRs it applies to) and padded to even length (space, NUL for UI).
     *
     * @param tag the tag
     * @param vr a string VR
     * @param values the values; none gives an empty (zero-length) element
     * @return this dataset
     * @throws IllegalArgumentException when {@code vr} is not a string VR or a value contains a backslash
     *     for a multi-valued VR
     */
    public Attributes setString(int tag, VR vr, String... values) {
        if (!vr.isString()) {
            throw new IllegalArgumentException("VR " + vr + " of " + Tag.toString(tag) + " is not a string VR");
        }
        if (!vr.isMultiValuedString() && values.length > 1) {
            throw new IllegalArgumentException("VR " + vr + " of " + Tag.toString(tag) + " holds a single value");
        }
        for (String v : values) {
            Objects.requireNonNull(v, "value is null");
            if (vr.isMultiValuedString() && v.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("value of " + Tag.toString(tag) + " contains a backslash: " + v);
            }
        }
        String joined = String.join("\\", values);
        byte[] bytes;
        if (tag == Tag.SpecificCharacterSet || !vr.usesSpecificCharacterSet()) {
            bytes = joined.getBytes(StandardCharsets.ISO_8859_1);
        } else {
            bytes = characterSet().encode(joined);
        }
        put(DataElement.ofBytes(tag, vr, pad(bytes, vr)));
        return this;
    }

    /**
     * Sets integer values: binary for US SS UL SL SV UV AT (value {@code group << 16 | element}) OW OL, decimal text
     * for IS and DS, floating point for FL FD OF OD.
     *
     * @param tag the tag
     * @param vr the VR
     * @param values the values
     * @return this dataset
     * @throws IllegalArgumentException when {@code vr} cannot hold integers or a value is out of its range
     */
    public Attributes setInt(int tag, VR vr, int... values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return setLongs(tag, vr, longs);
    }

    /**
     * Sets 64-bit integer values (see {@link #setInt(int, VR, int...)}).
     *
     * @param tag the tag
     * @param vr the VR
     * @param values the values
     * @return this dataset
     * @throws IllegalArgumentException when {@code vr} cannot hold integers or a value is out of its range
     */
    public Attributes setLongs(int tag, VR vr, long... values) {
        switch (vr) {
            case IS, DS -> {
                String[] strings = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    strings[i] = Long.toString(values[i]);
                    if (vr == VR.IS && (values[i] > Integer.MAX_VALUE || values[i] < Integer.MIN_VALUE)) {
                        throw new IllegalArgumentException("IS value out of range for " + Tag.toString(tag));
                    }
                }
                return setString(tag, vr, strings);
            }
            case FL, FD, OF, OD -> {
                double[] doubles = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    doubles[i] = values[i];
                }
                return setDouble(tag, vr, doubles);
            }
            default -> {
                int size = switch (vr) {
                    case US, SS, OW -> 2;
                    case UL, SL, OL, AT -> 4;
                    case SV, UV -> 8;
                    default ->
                        throw new IllegalArgumentException(
                                "VR " + vr + " of " + Tag.toString(tag) + " cannot hold integers");
                };
                ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
                for (long v : values) {
                    checkRange(tag, vr, v);
                    switch (size) {
                        case 2 -> b.putShort((short) v);
                        case 4 -> {
                            if (vr == VR.AT) {
                                b.putShort((short) (v >>> 16)).putShort((short) v);
                            } else {
                                b.putInt((int) v);
                            }
                        }
                        default -> b.putLong(v);
                    }
                }
                put(DataElement.ofBytes(tag, vr, b.array()));
                return this;
            }
        }
    }

    private static void checkRange(int tag, VR vr, long v) {
        boolean ok = switch (vr) {
            case US, OW -> v >= 0 && v <= 0xFFFF;
            case SS -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            // int arguments for UL, OL and AT are taken as unsigned bit patterns
            case UL, OL, AT -> v >= Integer.MIN_VALUE && v <= 0xFFFFFFFFL;
            case SL -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException("value " + v + " out of range for " + vr + " " + Tag.toString(tag));
        }
    }

    /**
     * Sets floating point values: binary for FL FD OF OD, text for DS (at most 16 characters, PS3.5 section 6.2),
     * and integral values for IS and the integer VRs.
     *
     * @param tag the tag
     * @param vr the VR
     * @param values the values, finite for DS and IS
     * @return this dataset
     * @throws IllegalArgumentException when {@code vr} cannot hold the values
     */
    public Attributes setDouble(int tag, VR vr, double... values) {
        switch (vr) {
            case FL, OF -> {
                ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (double v : values) {
                    b.putFloat((float) v);
                }
                put(DataElement.ofBytes(tag, vr, b.array()));
                return this;
            }
            case FD, OD -> {
                ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                for (double v : values) {
                    b.putDouble(v);
                }
                put(DataElement.ofBytes(tag, vr, b.array()));
                return this;
            }
            case DS -> {
                String[] strings = new String[values.length];
                for (int i = 0; i < values.length; i++) {
                    strings[i] = formatDecimalString(tag, values[i]);
                }
                return setString(tag, vr, strings);
            }
            default -> {
                long[] longs = new long[values.length];
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != Math.rint(values[i]) || Double.isInfinite(values[i])) {
                        throw new IllegalArgumentException(
                                "value " + values[i] + " of " + Tag.toString(tag) + " is not an integer for VR " + vr);
                    }
                    longs[i] = (long) values[i];
                }
                return setLongs(tag, vr, longs);
            }
        }
    }

    /**
     * Formats a double as a Decimal String of at most 16 characters, as precise as that allows.
     */
    static String formatDecimalString(int tag, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("DS value of " + Tag.toString(tag) + " must be finite: " + v);
        }
        String s = Double.toString(v);
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        if (s.length() <= 16) {
            return s;
        }
        for (int precision = 16; precision > 0; precision--) {
            String candidate = new BigDecimal(v)
                    .round(new java.math.MathContext(precision))
                    .stripTrailingZeros()
                    .toString();
            if (candidate.length() <= 16) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                "DS value of " + Tag.toString(tag) + " cannot be written in 16 characters: " + v);
    }

    /**
     * Sets raw value bytes, copied; odd lengths are padded with the VR's padding byte.
     *
     * @param tag the tag
     * @param vr the VR; for binary numbers the bytes are little endian
     * @param value the bytes
     * @return this dataset
     * @throws IllegalArgumentException for VR SQ
     */
    public Attributes setBytes(int tag, VR vr, byte[] value) {
        if (vr == VR.SQ) {
            throw new IllegalArgumentException("use newSequence for SQ " + Tag.toString(tag));
        }
        put(DataElement.ofBytes(tag, vr, pad(value.clone(), vr)));
        return this;
    }

    /**
     * Sets encapsulated pixel data (for encapsulated transfer syntaxes only).
     *
     * @param tag usually {@link Tag#PixelData}
     * @param fragments the Basic Offset Table and fragments
     * @return this dataset
     */
    public Attributes setFragments(int tag, Fragments fragments) {
        put(DataElement.ofFragments(tag, fragments));
        return this;
    }

    /**
     * Creates (or replaces) a sequence element and returns its mutable item list.
     *
     * @param tag the tag of the SQ element
     * @return the empty item list; items added inherit this dataset's character set
     */
    public List<Attributes> newSequence(int tag) {
        SequenceItems items = new SequenceItems(this);
        put(DataElement.ofSequence(tag, items));
        return items;
    }

    /**
     * Removes an element.
     *
     * @param tag the tag
     * @return the removed element, or empty when it was absent
     */
    public Optional<DataElement> remove(int tag) {
        return Optional.ofNullable(elements.remove(tag));
    }

    /**
     * Copies all elements of another dataset into this one, replacing equal tags; sequences are copied deeply.
     *
     * @param other the source, unchanged
     * @return this dataset
     */
    public Attributes addAll(Attributes other) {
        for (DataElement e : other.elements.values()) {
            add(e);
        }
        return this;
    }

    /**
     * Adds an element (for example one taken from another dataset), replacing any element with the same tag;
     * sequences are copied deeply.
     *
     * @param element the element
     * @return this dataset
     */
    public Attributes add(DataElement element) {
        if (element.isSequence()) {
            List<Attributes> items = newSequence(element.tag());
            for (Attributes item : element.items()) {
                items.add(new Attributes().addAll(item));
            }
        } else {
            put(element);
        }
        return this;
    }

    /**
     * Returns a deep copy.
     *
     * @return a new dataset with the same elements
     */
    public Attributes copy() {
        return new Attributes().addAll(this);
    }

    void put(DataElement element) {
        elements.put(element.tag(), element);
    }

    Map<Integer, DataElement> elementMap() {
        return elements;
    }

    static byte[] pad(byte[] bytes, VR vr) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = (byte) vr.paddingByte();
        return padded;
    }

    /**
     * Compares datasets element by element: same tags, VRs, value bytes, items and fragments.
     *
     * @param o another object
     * @return true when equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Attributes other) || other.size() != size()) {
            return false;
        }
        Iterator<DataElement> a = iterator();
        Iterator<DataElement> b = other.iterator();
        while (a.hasNext()) {
            DataElement x = a.next();
            DataElement y = b.next();
            if (x.tag() != y.tag()
                    || x.vr() != y.vr()
                    || x.isSequence() != y.isSequence()
                    || x.isFragments() != y.isFragments()
                    || !Arrays.equals(x.raw(), y.raw())
                    || !x.items().equals(y.items())) {
                return false;
            }
            if (x.isFragments()) {
                Fragments f = x.fragments().orElseThrow();
                Fragments g = y.fragments().orElseThrow();
                if (!Arrays.equals(f.basicOffsetTable(), g.basicOffsetTable())
                        || f.fragments().size() != g.fragments().size()) {
                    return false;
                }
                for (int i = 0; i < f.fragments().size(); i++) {
                    if (!Arrays.equals(f.fragments().get(i), g.fragments().get(i))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return elements.keySet().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Attributes[");
        for (DataElement e : elements.values()) {
            s.append(e).append(elements.lastKey() == e.tag() ? "" : ", ");
        }
        return s.append(']').toString();
    }
}
