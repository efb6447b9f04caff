package org.myoscreen.app.command;

import java.util.List;
import java.util.Set;
import org.myoscreen.app.Node;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.config.ConfigDocs;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;

/**
 * {@code myoscreen run}: the node in one process: C-ECHO and C-STORE SCP, durable spool, series
 * assembly and routing into the durable job backlog, worker threads that analyse each job and store
 * its results in the outbox, and the delivery loop that sends them to the destinations. Stops on
 * SIGTERM or SIGINT, closing the acceptor first so no instance is acknowledged after shutdown began.
 */
public final class RunCommand implements Command {
    private final ConfigLoader loader = new ConfigLoader(ConfigDocs.allKeys(), Set.of("rules"));

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "start the node: C-STORE/C-ECHO SCP, spool, series assembly, analysis, delivery of results";
    }

    @Override
    public String description() {
        return "Every option is also a key of the configuration file and an environment variable "
                + "MYOSCREEN_<NAME> (docs/configuration.md); flags beat the environment, which beats the "
                + "file. Bad configuration exits with code 2 and one line naming the key. Routing rules "
                + "live in the file's rules: section (docs/configuration.md). Complete series become "
                + "jobs in DATA_DIR/queue, which survive restarts until processed. worker.threads "
                + "threads (0: intake only) analyse each job with the model package (key model, loaded "
                + "once) like analyze, write DATA_DIR/results/<StudyInstanceUID>/<group>/v<N>/ "
                + "(result.json, seg.dcm, sr.dcm, sc-N.dcm) and store the DICOM objects in the outbox "
                + "(DATA_DIR/outbox) before the job counts as done; the outbox sends them by C-STORE to "
                + "the rule's or the global destinations, retrying transient failures with backoff "
                + "(delivery.* keys). A job that keeps failing is moved to DATA_DIR/queue/failed; "
                + "deliveries that failed or gave up are listed by deliveries and sent again by resend. "
                + "/health and /metrics count jobs and deliveries; / is the admin page (docs/admin-api.md), "
                + "on http.bind (127.0.0.1 unless a credential is configured).";
    }

    @Override
    public List<OptionSpec> options() {
        return loader.optionSpecs();
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) throws InterruptedException {
        args.requireNoPositionals("run");
        Settings settings = loader.load(args, context.environment(), context.workingDirectory());
        Node node = Node.start(settings, context.workingDirectory());
        Foreground foreground = Foreground.stopOnShutdown(node::close);
        context.err()
                .println("myoscreen run: AE " + settings.get(NodeConfigKeys.AE_TITLE_KEY)
                        + " listening on " + settings.get(NodeConfigKeys.BIND) + ":" + node.dicomPort()
                        + node.httpPort().map(p -> ", HTTP on port " + p).orElse("")
                        + ", data in " + node.dataDir() + ", " + node.rules().size() + " routing rule(s)"
                        + ", " + node.workerThreads() + " worker thread(s)"
                        + settings.configFile().map(f -> ", config " + f).orElse(""));
        foreground.await();
        return 0;
    }
}
