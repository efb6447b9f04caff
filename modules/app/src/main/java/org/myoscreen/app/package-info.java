/**
 * The {@code myoscreen} command-line program: command dispatch, options, configuration and the
 * hand wiring of the modules. Nothing below depends on this package.
 */
package org.myoscreen.app;
