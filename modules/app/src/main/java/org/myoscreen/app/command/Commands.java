package org.myoscreen.app.command;

import java.util.List;

/** The subcommands of {@code myoscreen}, in the order the help lists them. */
public final class Commands {
    private Commands() {}

    public static List<Command> all() {
        return List.of(
                new RunCommand(),
                new NodeCommand(),
                new WorkerCommand(),
                new AnalyzeCommand(),
                new SegmentCommand(),
                new PhantomCommand(),
                new DumpCommand(),
                new EchoCommand(),
                new SendCommand(),
                new OutboxCommands.Deliveries(),
                new OutboxCommands.Resend());
    }
}
