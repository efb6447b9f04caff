package org.myoscreen.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.command.Command;
import org.myoscreen.app.command.CommandContext;
import org.myoscreen.app.command.Commands;
import org.myoscreen.dicom.DicomException;

/**
 * Entry point of {@code myoscreen}: selects the subcommand, parses its options and maps the outcome
 * to the exit code of the interface contract (0 success, 1 failure, 2 bad usage or configuration).
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private static final OptionSpec HELP = OptionSpec.flag("help", "show this help and exit");

    private final Map<String, Command> commands = new LinkedHashMap<>();

    Main(List<Command> commands) {
        for (Command command : commands) {
            this.commands.put(command.name(), command);
        }
    }

    public static void main(String[] args) {
        CommandContext context = new CommandContext(
                System.out, System.err, System.getenv(), Path.of("").toAbsolutePath());
        int code = new Main(Commands.all()).run(List.of(args), context);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; never throws, never exits the JVM. */
    int run(List<String> args, CommandContext context) {
        if (args.isEmpty()
                || args.get(0).equals("--help")
                || args.get(0).equals("-h")
                || args.get(0).equals("help")) {
            printUsage(context.out());
            return args.isEmpty() ? EXIT_USAGE : EXIT_OK;
        }
        if (args.get(0).equals("--version")) {
            context.out().println("myoscreen " + Version.current());
            return EXIT_OK;
        }
        Command command = commands.get(args.get(0));
        if (command == null) {
            context.err()
                    .println("myoscreen: unknown command '" + args.get(0) + "' (commands: "
                            + String.join(", ", commands.keySet()) + ")");
            return EXIT_USAGE;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            List<OptionSpec> specs = new ArrayList<>(command.options());
            specs.add(HELP);
            ParsedArgs parsed = ParsedArgs.parse(command.name(), rest, specs);
            if (parsed.has("help")) {
                printCommandHelp(command, context.out());
                return EXIT_OK;
            }
            return command.execute(parsed, context);
        } catch (UsageException e) {
            context.err().println("myoscreen " + oneLine(e.getMessage()));
            return EXIT_USAGE;
        } catch (DicomException e) {
            context.err().println("myoscreen " + command.name() + ": " + oneLine(e.getMessage()));
            return EXIT_FAILURE;
        } catch (Exception e) {
            context.err()
                    .println("myoscreen " + command.name() + ": " + e.getClass().getSimpleName() + ": "
                            + oneLine(String.valueOf(e.getMessage())));
            return EXIT_FAILURE;
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ");
    }

    private void printUsage(PrintStream out) {
        out.println("usage: myoscreen COMMAND [OPTIONS] [ARGS]");
        out.println();
        out.println("Opportunistic paraspinal muscle screening on MRI: a DICOM node and its tools.");
        out.println("Research markers only, not a diagnosis.");
        out.println();
        out.println("commands:");
        int width = commands.values().stream()
                .mapToInt(c -> (c.name() + " " + c.arguments()).length())
                .max()
                .orElse(10);
        for (Command c : commands.values()) {
            out.printf("  %-" + width + "s  %s%n", c.name() + " " + c.arguments(), c.summary());
        }
        out.println();
        out.println("myoscreen COMMAND --help describes every option of a command.");
        out.println("exit codes: 0 success, 1 failure, 2 bad usage or configuration.");
    }

    private static void printCommandHelp(Command command, PrintStream out) {
        out.println("usage: myoscreen " + command.name() + " [OPTIONS] " + command.arguments());
        out.println();
        out.println(command.summary());
        if (!command.description().isEmpty()) {
            out.println();
            out.println(command.description().strip());
        }
        List<OptionSpec> specs = new ArrayList<>(command.options());
        specs.add(HELP);
        out.println();
        out.println("options:");
        int width = specs.stream().mapToInt(s -> s.synopsis().length()).max().orElse(10);
        for (OptionSpec spec : specs) {
            out.printf(
                    "  %-" + width + "s  %s%s%n",
                    spec.synopsis(),
                    spec.help(),
                    spec.repeatable() ? " (repeatable)" : "");
        }
    }
}
