/**
 * The {@code myoscreen} commands, one class each ({@code run}, {@code node}, {@code worker},
 * {@code analyze}, {@code phantom}, {@code dump}, {@code echo}, {@code send}, {@code deliveries},
 * {@code resend}): their options, help text and exit codes (0 success, 1 failure, 2 bad usage or
 * configuration). Commands parse and wire; the work happens in the modules they call.
 */
package org.myoscreen.app.command;
