package org.myoscreen.app.command;

import java.util.List;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;

/**
 * One subcommand of {@code myoscreen}. Implementations print results to the given streams, throw
 * {@link org.myoscreen.app.cli.UsageException} for bad usage (exit 2) and return the exit code
 * otherwise (0 success, 1 failure).
 */
public interface Command {
    /** The word that selects this command, e.g. {@code dump}. */
    String name();

    /** Positional arguments in the synopsis, e.g. {@code FILE}. */
    String arguments();

    /** One line for the command list. */
    String summary();

    /** Further paragraphs for {@code myoscreen COMMAND --help}; may be empty. */
    default String description() {
        return "";
    }

    List<OptionSpec> options();

    int execute(ParsedArgs args, CommandContext context) throws Exception;
}
