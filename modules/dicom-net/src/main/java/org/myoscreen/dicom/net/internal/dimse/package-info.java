/**
 * PS3.7 DIMSE messages: command sets (group 0000, Implicit VR Little Endian, encoded with the
 * dicom module) and the fragmentation of commands and datasets into PDVs and back into streams.
 * Internal.
 */
package org.myoscreen.dicom.net.internal.dimse;
