/**
 * Implementation of the phantom: seeded draws, hash noise, the anatomy model, the contrast model,
 * acquisition geometry, rendering and a tiny JSON writer. Not for use outside {@code phantom}.
 */
package org.myoscreen.phantom.internal;
