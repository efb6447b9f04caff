package org.myoscreen.app.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.config.ConfigDocs;
import org.myoscreen.app.config.ConfigLoader;
import org.myoscreen.app.config.KafkaConfigKeys;
import org.myoscreen.app.config.Settings;

/** Issue 13 item 7: a worker has one retry limit, kafka-max-attempts (its help: {@code MainTest}). */
class WorkerCommandTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(ConfigDocs.allKeys(), Set.of("rules"));

    private int attemptLimit(String... argv) {
        Settings settings = loader.load(ParsedArgs.parse("worker", List.of(argv), loader.optionSpecs()), Map.of(), dir);
        return WorkerCommand.attemptLimit(settings, KafkaConfigKeys.kafkaSettings(settings));
    }

    @Test
    void kafkaMaxAttemptsIsTheLimitEvenWhenWorkerMaxAttemptsIsSmaller() {
        assertThat(attemptLimit("--kafka", "127.0.0.1:9092", "--worker.max-attempts", "1", "--kafka-max-attempts", "5"))
                .isEqualTo(5);
    }

    @Test
    void kafkaMaxAttemptsIsTheLimitEvenWhenWorkerMaxAttemptsIsLarger() {
        assertThat(attemptLimit("--kafka", "127.0.0.1:9092", "--worker.max-attempts", "9", "--kafka-max-attempts", "2"))
                .isEqualTo(2);
    }
}
