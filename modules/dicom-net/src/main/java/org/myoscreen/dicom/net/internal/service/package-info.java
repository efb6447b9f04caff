/**
 * The services on top of the Upper Layer: the acceptor's per-association flow (negotiate, then
 * C-ECHO and C-STORE SCP) and the Part 10 header reading the C-STORE SCU needs. Internal.
 */
package org.myoscreen.dicom.net.internal.service;
