package org.myoscreen.dicom.net.internal.pdu;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * User Information Item (PS3.8 9.3.2.3, PS3.7 Annex D.3.3).
 *
 * @param maxPduLength maximum length (bytes) of a P-DATA-TF PDU's variable field that the sender
 *     of this item can receive; 0 means no limit
 * @param implementationClassUid Implementation Class UID ("" when the peer omitted it)
 * @param implementationVersionName optional Implementation Version Name
 * @param asynchronousOperationsWindow optional window (invoked, performed)
 * @param roleSelections SCP/SCU role selection sub-items, kept only for logging; never honoured
 * @param otherSubItems any other sub-item, kept raw for byte-exact re-encoding
 */
public record UserInformation(
        long maxPduLength,
        String implementationClassUid,
        Optional<String> implementationVersionName,
        Optional<AsynchronousOperationsWindow> asynchronousOperationsWindow,
        List<RoleSelection> roleSelections,
        List<RawItem> otherSubItems) {

    public UserInformation {
        Objects.requireNonNull(implementationClassUid, "implementationClassUid is null");
        Objects.requireNonNull(implementationVersionName, "implementationVersionName is null");
        Objects.requireNonNull(asynchronousOperationsWindow, "asynchronousOperationsWindow is null");
        roleSelections = List.copyOf(roleSelections);
        otherSubItems = List.copyOf(otherSubItems);
        if (maxPduLength < 0 || maxPduLength > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("maxPduLength out of range: " + maxPduLength);
        }
    }

    /** Asynchronous Operations Window sub-item (PS3.7 D.3.3.3). */
    public record AsynchronousOperationsWindow(int maxOperationsInvoked, int maxOperationsPerformed) {}

    /** An item kept as type + value bytes. */
    public record RawItem(int type, byte[] value) {
        public RawItem {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RawItem r && r.type == type && java.util.Arrays.equals(r.value, value);
        }

        @Override
        public int hashCode() {
            return type * 31 + java.util.Arrays.hashCode(value);
        }
    }
}
