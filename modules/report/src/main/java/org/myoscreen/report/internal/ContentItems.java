package org.myoscreen.report.internal;

import java.util.List;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.VR;
import org.myoscreen.report.CodedConcept;

/**
 * Builds SR content items (PS3.3 C.17.3 SR Document Content Module, Table C.17-5 Content Item
 * Macro): each factory returns a new item with Relationship Type, Value Type, Concept Name Code
 * Sequence and the value. Stateless.
 */
public final class ContentItems {

    /** Relationship types (PS3.3 C.17.3.2.4). */
    public static final String CONTAINS = "CONTAINS";
    /** HAS OBS CONTEXT. */
    public static final String HAS_OBS_CONTEXT = "HAS OBS CONTEXT";
    /** HAS CONCEPT MOD. */
    public static final String HAS_CONCEPT_MOD = "HAS CONCEPT MOD";
    /** HAS PROPERTIES. */
    public static final String HAS_PROPERTIES = "HAS PROPERTIES";
    /** HAS ACQ CONTEXT. */
    public static final String HAS_ACQ_CONTEXT = "HAS ACQ CONTEXT";

    private ContentItems() {}

    private static Attributes item(String relationship, String valueType, CodedConcept name) {
        Attributes item = new Attributes();
        if (relationship != null) {
            item.setString(Tag.RelationshipType, VR.CS, relationship);
        }
        item.setString(Tag.ValueType, VR.CS, valueType);
        name.addTo(item, Tag.ConceptNameCodeSequence);
        return item;
    }

    /** A CONTAINER with continuity SEPARATE; {@code relationship} null for the root. */
    public static Attributes container(String relationship, CodedConcept name) {
        Attributes item = item(relationship, "CONTAINER", name);
        item.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        return item;
    }

    /** The children of {@code parent}, created when absent. */
    public static List<Attributes> children(Attributes parent) {
        if (!parent.contains(Tag.ContentSequence)) {
            parent.newSequence(Tag.ContentSequence);
        }
        return parent.getSequence(Tag.ContentSequence);
    }

    /** Adds {@code child} to {@code parent} and returns the child. */
    public static Attributes add(Attributes parent, Attributes child) {
        children(parent).add(child);
        return child;
    }

    /** A CODE item. */
    public static Attributes code(String relationship, CodedConcept name, CodedConcept value) {
        Attributes item = item(relationship, "CODE", name);
        value.addTo(item, Tag.ConceptCodeSequence);
        return item;
    }

    /** A TEXT item. */
    public static Attributes text(String relationship, CodedConcept name, String value) {
        Attributes item = item(relationship, "TEXT", name);
        item.setString(Tag.TextValue, VR.UT, value);
        return item;
    }

    /** A UIDREF item. */
    public static Attributes uidref(String relationship, CodedConcept name, String uid) {
        Attributes item = item(relationship, "UIDREF", name);
        item.setString(Tag.UID, VR.UI, uid);
        return item;
    }

    /** A NUM item with one measured value. */
    public static Attributes num(String relationship, CodedConcept name, double value, CodedConcept unit) {
        Attributes item = item(relationship, "NUM", name);
        Attributes measured = new Attributes();
        unit.addTo(measured, Tag.MeasurementUnitsCodeSequence);
        measured.setDouble(Tag.NumericValue, VR.DS, Math.round(value * 10000.0) / 10000.0);
        item.newSequence(Tag.MeasuredValueSequence).add(measured);
        return item;
    }

    /** An IMAGE item referencing a segment of a Segmentation instance. */
    public static Attributes segment(
            String relationship, CodedConcept name, String sopClassUid, String sopInstanceUid, int segmentNumber) {
        Attributes item = item(relationship, "IMAGE", name);
        Attributes ref = new Attributes();
        ref.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClassUid);
        ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstanceUid);
        ref.setInt(Tag.ReferencedSegmentNumber, VR.US, segmentNumber);
        item.newSequence(Tag.ReferencedSOPSequence).add(ref);
        return item;
    }

    /** An IMAGE item without a concept name (TID 1601 Image Library Entry) referencing one single-frame image. */
    public static Attributes image(String relationship, String sopClassUid, String sopInstanceUid) {
        Attributes item = new Attributes();
        item.setString(Tag.RelationshipType, VR.CS, relationship);
        item.setString(Tag.ValueType, VR.CS, "IMAGE");
        Attributes ref = new Attributes();
        ref.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClassUid);
        ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstanceUid);
        item.newSequence(Tag.ReferencedSOPSequence).add(ref);
        return item;
    }
}
