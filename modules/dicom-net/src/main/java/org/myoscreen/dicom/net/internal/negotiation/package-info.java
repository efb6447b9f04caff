/**
 * Association negotiation as pure functions: AE title checks, presentation context results,
 * maximum PDU length, implementation identification, asynchronous operations window. Internal.
 */
package org.myoscreen.dicom.net.internal.negotiation;
