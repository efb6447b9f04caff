/** TCP and TLS sockets: listening, connecting, tuning. Internal. */
package org.myoscreen.dicom.net.internal.transport;
