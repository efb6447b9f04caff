package org.myoscreen.app.analyze;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.myoscreen.app.Main;
import org.myoscreen.app.command.CommandContext;
import org.myoscreen.app.command.Commands;

/**
 * Runs {@code myoscreen} in-process as MainTest does (a {@link CommandContext} with captured
 * streams). {@code Main}'s constructor and {@code run} are package-private to {@code
 * org.myoscreen.app}, so they are reached by reflection from this package.
 */
final class Cli {

  private final Path workingDirectory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  Cli(Path workingDirectory) {
    this.workingDirectory = workingDirectory;
  }

  int run(String... args) {
    out.reset();
    err.reset();
    CommandContext context = new CommandContext(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), workingDirectory);
    try {
      Constructor<Main> c = Main.class.getDeclaredConstructor(List.class);
      c.setAccessible(true);
      Main main = c.newInstance(Commands.all());
      Method run = Main.class.getDeclaredMethod("run", List.class, CommandContext.class);
      run.setAccessible(true);
      return (Integer) run.invoke(main, List.of(args), context);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot run Main in-process", e);
    }
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
