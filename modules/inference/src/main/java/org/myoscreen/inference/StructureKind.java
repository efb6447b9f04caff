package org.myoscreen.inference;

/** What anatomy a label is, as far as the downstream analysis cares. */
public enum StructureKind {
    /** Paraspinal muscle compartment (erector spinae + multifidus, lean and IMAT). */
    PARASPINAL,
    /** Psoas muscle. */
    PSOAS,
    /** Vertebral body. */
    VERTEBRA,
    /** Intervertebral disc. */
    DISC,
    /** Intermuscular adipose tissue. */
    IMAT,
    /** Anything else the model segments. */
    OTHER
}
