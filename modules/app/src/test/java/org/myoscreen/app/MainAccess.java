package org.myoscreen.app;

import java.util.List;
import org.myoscreen.app.command.CommandContext;
import org.myoscreen.app.command.Commands;

/** Runs {@link Main} in-process from tests in other packages. */
public final class MainAccess {
    public int run(List<String> args, CommandContext context) {
        return new Main(Commands.all()).run(args, context);
    }
}
