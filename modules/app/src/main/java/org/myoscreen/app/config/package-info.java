/**
 * Configuration of the long-running commands: every key defined once with its type, default and
 * documentation ({@code NodeConfigKeys}, {@code KafkaConfigKeys}), resolved with the precedence
 * defaults &lt; file &lt; environment ({@code MYOSCREEN_*}) &lt; flags (docs/decisions/0002), the
 * routing rules of the file's {@code rules:} section, and the generated reference
 * docs/configuration.md.
 */
package org.myoscreen.app.config;
