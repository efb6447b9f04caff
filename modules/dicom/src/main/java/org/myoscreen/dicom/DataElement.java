package org.myoscreen.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One data element of an {@link Attributes} dataset (PS3.5 section 7.1): a tag, a VR and a value, which is
 * either raw bytes (always little endian, as encoded after any byte swapping; padding kept), a sequence of
 * items (VR SQ), or encapsulated fragments (Pixel Data of an encapsulated transfer syntax).
 *
 * <p>Instances are immutable apart from the items of a sequence, which are the live, mutable item list.
 * Not thread-safe when sequence items are modified concurrently.
 */
public final class DataElement {

    private static final byte[] EMPTY = new byte[0];

    private final int tag;
    private final VR vr;
    private final byte[] value;
    private final SequenceItems items;
    private final Fragments fragments;

    private DataElement(int tag, VR vr, byte[] value, SequenceItems items, Fragments fragments) {
        this.tag = tag;
        this.vr = Objects.requireNonNull(vr, "vr is null");
        this.value = value;
        this.items = items;
        this.fragments = fragments;
    }

    static DataElement ofBytes(int tag, VR vr, byte[] value) {
        return new DataElement(tag, vr, Objects.requireNonNull(value, "value is null"), null, null);
    }

    static DataElement ofSequence(int tag, SequenceItems items) {
        return new DataElement(tag, VR.SQ, null, items, null);
    }

    static DataElement ofFragments(int tag, Fragments fragments) {
        return new DataElement(tag, fragments.vr(), null, null, fragments);
    }

    /**
     * Returns the tag.
     *
     * @return {@code (group << 16) | element}
     */
    public int tag() {
        return tag;
    }

    /**
     * Returns the VR as encoded (Explicit VR) or as looked up in the dictionary (Implicit VR).
     *
     * @return the VR; {@link VR#UN} for unknown private elements read in Implicit VR
     */
    public VR vr() {
        return vr;
    }

    /**
     * Tells whether this element is a sequence of items.
     *
     * @return true for SQ
     */
    public boolean isSequence() {
        return items != null;
    }

    /**
     * Tells whether this element holds encapsulated fragments.
     *
     * @return true for encapsulated Pixel Data
     */
    public boolean isFragments() {
        return fragments != null;
    }

    /**
     * Returns a copy of the raw value bytes, little endian, including any padding byte.
     *
     * @return the bytes; an empty array for sequences and fragments
     */
    public byte[] bytes() {
        return value == null ? EMPTY : value.clone();
    }

    /**
     * Returns a read-only little endian view of the value bytes, without copying (e.g. for pixel data).
     *
     * @return the view; empty for sequences and fragments
     */
    public ByteBuffer valueBuffer() {
        return (value == null ? ByteBuffer.wrap(EMPTY) : ByteBuffer.wrap(value).asReadOnlyBuffer())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Returns the value length in bytes (for sequences and fragments: 0).
     *
     * @return number of value bytes
     */
    public int length() {
        return value == null ? 0 : value.length;
    }

    /**
     * Returns the items of a sequence: the live, mutable list.
     *
     * @return the items; an empty immutable list when this is not a sequence
     */
    public List<Attributes> items() {
        return items == null ? List.of() : items;
    }

    /**
     * Returns the encapsulated fragments.
     *
     * @return the fragments, or empty when the value is not encapsulated
     */
    public Optional<Fragments> fragments() {
        return Optional.ofNullable(fragments);
    }

    /** Raw value without copying; null for sequences and fragments. */
    byte[] raw() {
        return value;
    }

    SequenceItems sequenceItems() {
        return items;
    }

    @Override
    public String toString() {
        return Tag.toString(tag) + " " + vr
                + (isSequence()
                        ? " items=" + items.size()
                        : isFragments() ? " fragments=" + fragments.fragments().size() : " length=" + value.length);
    }
}
