package org.myoscreen.dicom.net.internal.dimse;

import java.io.IOException;
import java.util.List;
import org.myoscreen.dicom.net.internal.pdu.Pdv;
import org.myoscreen.dicom.net.internal.ul.Primitive;
import org.myoscreen.dicom.net.internal.ul.UpperLayer;

/**
 * Turns the Upper Layer's P-DATA indications into a sequence of PDVs (a P-DATA-TF may carry
 * several, and a message may start in the middle of one). Any other primitive ends the sequence
 * and is kept for the caller. The returned PDV is valid until the next call.
 *
 * <p>Owned by the association's reader thread.
 */
public final class PdvSource {
    private final UpperLayer ul;
    private List<Pdv> pdvs = List.of();
    private int index;
    private Primitive ended;

    public PdvSource(UpperLayer ul) {
        this.ul = ul;
    }

    /**
     * The next PDV.
     *
     * @throws AssociationEndedException when a primitive other than P-DATA arrives (release,
     *     abort, closed); it is available from {@link #endedBy()}
     */
    public Pdv next() throws AssociationEndedException {
        while (index >= pdvs.size()) {
            if (ended != null) {
                throw new AssociationEndedException(ended);
            }
            Primitive p = ul.next();
            if (p instanceof Primitive.PDataIndication d) {
                pdvs = d.data().pdvs();
                index = 0;
            } else if (!(p instanceof Primitive.Nothing)) {
                ended = p;
                throw new AssociationEndedException(p);
            }
        }
        return pdvs.get(index++);
    }

    /** The non-P-DATA primitive that ended the PDV sequence, or null. */
    public Primitive endedBy() {
        return ended;
    }

    /** Thrown when the association leaves data transfer while PDVs were expected. */
    public static final class AssociationEndedException extends IOException {
        private final transient Primitive primitive;

        public AssociationEndedException(Primitive primitive) {
            super("association left data transfer: " + primitive);
            this.primitive = primitive;
        }

        public Primitive primitive() {
            return primitive;
        }
    }
}
