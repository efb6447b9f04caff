package org.myoscreen.dicom;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The mutable item list of a sequence; items added to it inherit the Specific Character Set of the dataset
 * that holds the sequence (PS3.5 section 7.5.2 note). Not thread-safe.
 */
final class SequenceItems extends AbstractList<Attributes> {

    private final Attributes owner;
    private final List<Attributes> items = new ArrayList<>();

    SequenceItems(Attributes owner) {
        this.owner = owner;
    }

    @Override
    public Attributes get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Attributes set(int index, Attributes item) {
        Objects.requireNonNull(item, "item is null");
        item.setParent(owner);
        return items.set(index, item);
    }

    @Override
    public void add(int index, Attributes item) {
        Objects.requireNonNull(item, "item is null");
        item.setParent(owner);
        items.add(index, item);
        modCount++;
    }

    @Override
    public Attributes remove(int index) {
        modCount++;
        return items.remove(index);
    }
}
