/**
 * DICOM networking: the PS3.8 Upper Layer (association establishment, P-DATA, release, abort,
 * the state machine and ARTIM timer), presentation context negotiation, and the PS3.7 DIMSE
 * services C-ECHO and C-STORE as SCP and SCU, over TCP or TLS.
 *
 * <p>Knows nothing of files on disk or jobs: a received dataset is streamed to a sink that the
 * caller provides. Depends on {@code dicom} and SLF4J only.
 */
package org.myoscreen.dicom.net;
