package org.myoscreen.app.command;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.ConfigDocs;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.pipeline.delivery.Delivery;
import org.myoscreen.pipeline.delivery.DeliveryPolicy;
import org.myoscreen.pipeline.delivery.DicomSender;
import org.myoscreen.pipeline.delivery.Outbox;

/**
 * {@code myoscreen deliveries} (failed and dead deliveries of the outbox) and
 * {@code myoscreen resend JOB} (make them pending again). Both find the outbox in the data folder
 * of the node's configuration ({@code --config}, {@code --data-dir}, {@code MYOSCREEN_DATA_DIR}).
 */
final class OutboxCommands {
    private static final ConfigLoader LOADER = new ConfigLoader(ConfigDocs.allKeys(), Set.of("rules"));

    private OutboxCommands() {}

    static List<OptionSpec> options() {
        return LOADER.optionSpecs().stream()
                .filter(o ->
                        o.name().equals(ConfigLoader.CONFIG_FLAG) || o.name().equals(NodeConfigKeys.DATA_DIR.name()))
                .toList();
    }

    static Outbox outbox(ParsedArgs args, CommandContext context) {
        Settings settings = LOADER.load(args, context.environment(), context.workingDirectory());
        Path dataDir = context.workingDirectory().resolve(settings.get(NodeConfigKeys.DATA_DIR));
        // never sends: listing and resetting only touch the files; the node's delivery loop sends
        return new Outbox(
                dataDir.resolve("outbox"),
                DeliveryPolicy.defaults(),
                Clock.systemUTC(),
                new DicomSender(AeTitle.of(settings.get(NodeConfigKeys.AE_TITLE_KEY)), Duration.ofSeconds(30))::send);
    }

    /** {@code myoscreen deliveries}. */
    static final class Deliveries implements Command {
        @Override
        public String name() {
            return "deliveries";
        }

        @Override
        public String arguments() {
            return "";
        }

        @Override
        public String summary() {
            return "list result deliveries that failed or gave up (resend them with resend JOB)";
        }

        @Override
        public List<OptionSpec> options() {
            return OutboxCommands.options();
        }

        @Override
        public int execute(ParsedArgs args, CommandContext context) {
            args.requireNoPositionals("deliveries");
            List<Delivery> failed = outbox(args, context).failed();
            for (Delivery d : failed) {
                context.out()
                        .println(d.state() + " job=" + d.jobKey() + " file=" + d.file() + " destination="
                                + d.destination() + " attempts=" + d.attempts() + " status="
                                + d.lastStatus().orElse("-")
                                + " error=\"" + d.lastError().orElse("") + "\"");
            }
            context.err().println(failed.size() + " failed or dead deliveries");
            return 0;
        }
    }

    /** {@code myoscreen resend JOB}. */
    static final class Resend implements Command {
        @Override
        public String name() {
            return "resend";
        }

        @Override
        public String arguments() {
            return "JOB";
        }

        @Override
        public String summary() {
            return "make a job's failed and dead result deliveries pending again";
        }

        @Override
        public String description() {
            return "The running node's delivery loop sends them at its next round. JOB is the job key as "
                    + "`deliveries` prints it. Exit code 1 when the job has no failed or dead delivery.";
        }

        @Override
        public List<OptionSpec> options() {
            return OutboxCommands.options();
        }

        @Override
        public int execute(ParsedArgs args, CommandContext context) {
            if (args.positionals().size() != 1) {
                throw new UsageException("resend: expected exactly one JOB");
            }
            String job = args.positionals().get(0);
            int reset;
            try {
                reset = outbox(args, context).resend(job);
            } catch (IllegalArgumentException e) {
                throw new UsageException("resend: " + e.getMessage());
            }
            context.out().println("resend " + job + ": " + reset + " deliveries pending again");
            return reset > 0 ? 0 : 1;
        }
    }
}
