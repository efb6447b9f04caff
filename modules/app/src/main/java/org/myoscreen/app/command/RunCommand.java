package org.myoscreen.app.command;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.myoscreen.app.Node;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.NodeConfigKeys;
import org.myoscreen.app.config.Settings;

/**
 * {@code myoscreen run}: the node in one process. This version runs the intake half: C-ECHO and
 * C-STORE SCP, durable spool, series assembly and routing into the durable job backlog. Stops on
 * SIGTERM or SIGINT, closing the acceptor first so no instance is acknowledged after shutdown began.
 */
public final class RunCommand implements Command {
  private final ConfigLoader loader = new ConfigLoader(NodeConfigKeys.ALL, Set.of("rules"));

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
    return "start the node: C-STORE/C-ECHO SCP, spool, series assembly, job backlog";
  }

  @Override
  public String description() {
    return "Every option is also a key of the configuration file and an environment variable "
        + "MYOSCREEN_<NAME> (docs/configuration.md); flags beat the environment, which beats the "
        + "file. Bad configuration exits with code 2 and one line naming the key. Routing rules "
        + "live in the file's rules: section (docs/configuration.md). Complete series become "
        + "jobs in DATA_DIR/queue, which survive restarts until processed; segmentation, "
        + "measurement and delivery of results are not part of this version.";
  }

  @Override
  public List<OptionSpec> options() {
    return loader.optionSpecs();
  }

  @Override
  public int execute(ParsedArgs args, CommandContext context) throws InterruptedException {
    if (!args.positionals().isEmpty()) {
      throw new UsageException("run: unexpected argument '" + args.positionals().get(0) + "'");
    }
    Settings settings = loader.load(args, context.environment(), context.workingDirectory());
    Node node = Node.start(settings, context.workingDirectory());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "shutdown"));
    context.err().println("myoscreen run: AE " + settings.get(NodeConfigKeys.AE_TITLE_KEY)
        + " listening on " + settings.get(NodeConfigKeys.BIND) + ":" + node.dicomPort()
        + node.httpPort().map(p -> ", HTTP on port " + p).orElse("")
        + ", data in " + node.dataDir() + ", " + node.rules().size() + " routing rule(s)"
        + settings.configFile().map(f -> ", config " + f).orElse(""));
    stopped.await();
    return 0;
  }
}
