package org.myoscreen.dicom.net.internal.pdu;

import java.util.List;

/** P-DATA-TF PDU (PS3.8 9.3.5): one or more PDV items. */
public record PDataTf(List<Pdv> pdvs) implements Pdu {
    public PDataTf {
        pdvs = List.copyOf(pdvs);
    }

    @Override
    public int type() {
        return PduType.P_DATA_TF;
    }
}
