package org.myoscreen.app.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.myoscreen.app.Node;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.ConfigDocs;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.KafkaConfigKeys;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;
import org.myoscreen.pipeline.kafka.KafkaForwarder;
import org.myoscreen.pipeline.kafka.KafkaJobPublisher;
import org.myoscreen.pipeline.kafka.KafkaMetrics;
import org.myoscreen.pipeline.kafka.KafkaSettings;
import org.myoscreen.pipeline.kafka.ResultsLedgerUpdater;

/**
 * {@code myoscreen node --kafka HOST:PORT}: the intake node of the scale-out. Receives studies like
 * {@code run} (spool, series assembly, routing into the durable backlog, ledger) but analyses nothing:
 * a forwarder publishes each job to Kafka and removes it from the backlog once the broker has it, and the
 * node applies the workers' job events from the results topic to its ledger. While Kafka is unreachable the
 * node keeps receiving and the jobs wait in the backlog.
 */
public final class NodeCommand implements Command {
    private final ConfigLoader loader = new ConfigLoader(ConfigDocs.allKeys(), Set.of("rules"));

    @Override
    public String name() {
        return "node";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "intake node of the scale-out: receive studies, publish jobs to Kafka (--kafka HOST:PORT)";
    }

    @Override
    public String description() {
        return "Like run, without analysis (worker.threads is 0): complete series become jobs in the durable "
                + "backlog DATA_DIR/queue, which a forwarder publishes to the Kafka jobs topic, removing each "
                + "only after the broker acknowledged it. While Kafka is unreachable the node keeps receiving and "
                + "retries with backoff. Job states reported by the workers on the results topic are recorded "
                + "in the node's ledger. The spool (DATA_DIR/spool) must be on a volume the workers mount. "
                + "See docs/kafka.md.";
    }

    @Override
    public List<OptionSpec> options() {
        return loader.optionSpecs();
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) throws InterruptedException {
        args.requireNoPositionals("node");
        // the node analyses nothing: workers do (the environment beats the file, a flag is refused below)
        Map<String, String> env = new HashMap<>(context.environment());
        env.put(NodeConfigKeys.WORKER_THREADS.environmentVariable(), "0");
        Settings settings = loader.load(args, env, context.workingDirectory());
        if (settings.get(NodeConfigKeys.WORKER_THREADS) != 0) {
            throw new UsageException("node: worker.threads must be 0 (jobs are analysed by myoscreen worker)");
        }
        KafkaSettings kafka = KafkaConfigKeys.kafkaSettings(settings);
        String clientId =
                "myoscreen-node-" + settings.get(NodeConfigKeys.AE_TITLE_KEY).strip();
        Node.RemoteWork remote = (backlog, ledger) -> {
            KafkaJobPublisher publisher = new KafkaJobPublisher(kafka, clientId);
            KafkaForwarder forwarder = new KafkaForwarder(
                    backlog, publisher, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30));
            ResultsLedgerUpdater results = new ResultsLedgerUpdater(kafka, clientId, ledger);
            return new Node.RemoteWork.Running() {
                @Override
                public String metrics() {
                    return KafkaMetrics.node(forwarder, results.applied());
                }

                @Override
                public void close() {
                    forwarder.close();
                    results.close();
                    publisher.close();
                }
            };
        };
        Node node = Node.start(settings, context.workingDirectory(), Optional.of(remote));
        Foreground foreground = Foreground.stopOnShutdown(node::close);
        context.err()
                .println("myoscreen node: AE " + settings.get(NodeConfigKeys.AE_TITLE_KEY)
                        + " listening on " + settings.get(NodeConfigKeys.BIND) + ":" + node.dicomPort()
                        + node.httpPort().map(p -> ", HTTP on port " + p).orElse("")
                        + ", data in " + node.dataDir() + ", " + node.rules().size() + " routing rule(s)"
                        + ", jobs to Kafka topic " + kafka.jobsTopic() + " on " + kafka.bootstrapServers()
                        + settings.configFile().map(f -> ", config " + f).orElse(""));
        foreground.await();
        return 0;
    }
}
