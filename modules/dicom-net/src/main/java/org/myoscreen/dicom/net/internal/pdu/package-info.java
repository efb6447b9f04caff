/**
 * PS3.8 section 9.3 protocol data units as wire types ({@code AAssociateRq}, {@code AAssociateAc},
 * {@code AAssociateRj}, {@code PDataTf}, {@code AReleaseRq}, {@code AReleaseRp}, {@code AAbort}) and
 * their byte-exact codec. Internal: not for use outside dicom-net.
 */
package org.myoscreen.dicom.net.internal.pdu;
