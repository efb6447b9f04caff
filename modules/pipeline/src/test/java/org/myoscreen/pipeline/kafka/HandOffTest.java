package org.myoscreen.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.myoscreen.pipeline.ManualClock;

/** The offered and in-flight records between the poll thread and the worker's threads, timed by a manual clock. */
class HandOffTest {

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final HandOff handOff = new HandOff("worker-t", ticker(clock));

    /** A ticker that reads the manual clock. */
    static Ticker ticker(ManualClock clock) {
        return () -> {
            Instant t = clock.instant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        };
    }

    private HandOff.Held held(int partition, long offset, String study) throws IOException {
        return new HandOff.Held(
                new ConsumerRecord<>("jobs", partition, offset, study, new byte[0]),
                TestJobs.job(tmp.resolve("spool"), study, 1),
                1);
    }

    @Test
    void waitForAnOfferEndsAtItsDeadlineOnTheTicker() throws Exception {
        long deadline = handOff.deadlineIn(Duration.ofSeconds(30).toNanos());
        clock.advance(Duration.ofSeconds(31));

        assertThat(handOff.awaitOffer(deadline)).isNull();
    }

    @Test
    void offerIsTakenOnceAndHeldUntilReleased() throws Exception {
        HandOff.Held first = held(0, 0, "1.2.1");
        HandOff.Held second = held(0, 1, "1.2.2");
        handOff.offer(first);

        assertThat(handOff.awaitOffer(Long.MAX_VALUE)).isSameAs(first);
        assertThat(handOff.inHand(first.job.jobKey())).isSameAs(first);
        handOff.offer(second);
        long past = handOff.deadlineIn(0);
        assertThat(handOff.awaitOffer(past)).as("one job in flight at a time").isNull();
        assertThat(handOff.held()).isEqualTo(2);

        handOff.release(first);
        assertThat(handOff.awaitOffer(past)).isSameAs(second);
        assertThat(handOff.jobInHand()).contains(second.job.jobKey());
        assertThatThrownBy(() -> handOff.inHand(first.job.jobKey())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokedPartitionWithdrawsTheOfferAndMarksTheJobInFlight() throws Exception {
        HandOff.Held running = held(0, 0, "1.2.1");
        handOff.offer(running);
        handOff.awaitOffer(Long.MAX_VALUE);
        handOff.offer(held(1, 0, "1.2.2"));

        handOff.revoke(List.of(new TopicPartition("jobs", 0)), "revoked");
        assertThat(running.revoked).isTrue();
        assertThat(handOff.held()).as("offer on partition 1 stays").isEqualTo(2);

        handOff.revoke(List.of(new TopicPartition("jobs", 1)), "lost");
        assertThat(handOff.held()).isEqualTo(1);
        assertThat(handOff.busy()).isTrue();
    }

    @Test
    void closedHandOffRefusesToWaitAndClosesOnce() {
        assertThat(handOff.close()).isTrue();
        assertThat(handOff.close()).isFalse();

        assertThatThrownBy(() -> handOff.awaitOffer(Long.MAX_VALUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
