package org.myoscreen.dicom.net.internal.pdu;

/** SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4): parsed so it can be skipped gracefully. */
public record RoleSelection(String sopClassUid, int scuRole, int scpRole) {}
