package org.myoscreen.app.command;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.myoscreen.app.cli.UsageException;

/** A peer written as {@code AE@HOST:PORT} on the command line. */
record RemoteAe(String aeTitle, String host, int port) {
  private static final Pattern FORM = Pattern.compile("([^@]{1,16})@([^:@]+|\\[[^\\]]+\\]):(\\d{1,5})");

  RemoteAe {
    Objects.requireNonNull(aeTitle, "aeTitle is null");
    Objects.requireNonNull(host, "host is null");
  }

  static RemoteAe parse(String command, String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new UsageException(command + ": '" + text + "' is not AE@HOST:PORT");
    }
    int port = Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      throw new UsageException(command + ": port of '" + text + "' must be 1 to 65535");
    }
    String host = m.group(2);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new RemoteAe(m.group(1), host, port);
  }

  @Override
  public String toString() {
    return aeTitle + "@" + host + ":" + port;
  }
}
