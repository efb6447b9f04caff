/**
 * The PS3.8 Upper Layer state machine: {@code State} (Sta1-Sta13), {@code Event} (Evt1-Evt19),
 * {@code Action} (AE-1...AA-8) and Table 9-10 as data, driven per association by
 * {@code UpperLayer} (one blocking reader thread, ARTIM as a scheduled event). Internal.
 */
package org.myoscreen.dicom.net.internal.ul;
