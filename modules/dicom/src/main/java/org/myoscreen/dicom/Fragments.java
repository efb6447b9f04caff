package org.myoscreen.dicom;

import java.util.List;
import java.util.Objects;

/**
 * Encapsulated pixel data (PS3.5 annex A.4): the Basic Offset Table (first item, possibly empty) and the
 * fragments that follow, each as the raw bytes of one item.
 *
 * <p>The arrays are not copied; treat them as read-only. Not thread-safe if they are modified.
 *
 * @param vr the VR the element was encoded with (OB, or OW in old files)
 * @param basicOffsetTable the first item's value, little endian 32-bit offsets; empty array when absent
 * @param fragments the following items' values in order
 */
public record Fragments(VR vr, byte[] basicOffsetTable, List<byte[]> fragments) {

    /**
     * Validates the components and freezes the list.
     *
     * @param vr OB or OW
     * @param basicOffsetTable the first item's value
     * @param fragments the other items' values
     */
    public Fragments {
        Objects.requireNonNull(vr, "vr is null");
        Objects.requireNonNull(basicOffsetTable, "basicOffsetTable is null");
        fragments = List.copyOf(fragments);
    }
}
