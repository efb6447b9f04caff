package org.myoscreen.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The start count kept in the committed offset's metadata, and the restart rule, without a broker. */
class StartCounterTest {

    private static final TopicPartition TP = new TopicPartition("jobs", 0);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final StartCounter counter = new StartCounter(consumer, Duration.ofSeconds(1), "worker-t");

    StartCounterTest() {
        consumer.assign(List.of(TP));
    }

    @Test
    void recordNeverStartedHasNoPreviousStarts() {
        assertThat(counter.previousStarts(TP, 7)).isZero();
    }

    @Test
    void eachCommittedStartIsReadBackByTheNextOwnerOfTheRecord() {
        assertThat(counter.commitStart(TP, 7, 1)).isTrue();
        assertThat(counter.previousStarts(TP, 7)).isEqualTo(1);
        assertThat(counter.commitStart(TP, 7, 2)).isTrue();

        StartCounter nextOwner = new StartCounter(consumer, Duration.ofSeconds(1), "worker-u");
        assertThat(nextOwner.previousStarts(TP, 7)).isEqualTo(2);
        // the start leaves the record pending: the committed offset is the record's own
        assertThat(consumer.committed(Set.of(TP)).get(TP))
                .isEqualTo(new OffsetAndMetadata(7, StartCounter.METADATA_PREFIX + "2"));
    }

    @Test
    void finishingARecordEndsItsCount() {
        counter.commitStart(TP, 7, 2);

        assertThat(counter.commitFinished(TP, 7)).isTrue();

        assertThat(consumer.committed(Set.of(TP)).get(TP).offset()).isEqualTo(8);
        assertThat(counter.previousStarts(TP, 8)).isZero();
    }

    @Test
    void countCommittedForAnotherOffsetOrByAnotherToolIsNotOurs() {
        assertThat(StartCounter.startsIn(new OffsetAndMetadata(6, StartCounter.METADATA_PREFIX + "2"), 7))
                .isZero();
        assertThat(StartCounter.startsIn(new OffsetAndMetadata(7, "checkpoint=abc"), 7))
                .isZero();
        assertThat(StartCounter.startsIn(new OffsetAndMetadata(7, StartCounter.METADATA_PREFIX + "x"), 7))
                .isZero();
        assertThat(StartCounter.startsIn(null, 7)).isZero();
    }

    @Test
    void brokerThatCannotBeAskedGivesNoCount() {
        consumer.close();

        assertThat(counter.previousStarts(TP, 7)).isEqualTo(-1);
        assertThat(counter.commitStart(TP, 7, 1)).isFalse();
    }

    @Test
    void firstStartRunsAsTheMessagesAttempt() {
        StartCounter.Start s = StartCounter.judge(2, 0, 3);

        assertThat(s.restarted()).isFalse();
        assertThat(s.deadLetter()).isFalse();
        assertThat(s.attempt()).isEqualTo(2);
    }

    @Test
    void eachUnfinishedStartUsesUpAnAttempt() {
        StartCounter.Start s = StartCounter.judge(1, 2, 3);

        assertThat(s.restarted()).isTrue();
        assertThat(s.deadLetter()).isFalse();
        assertThat(s.attempt()).isEqualTo(3);
    }

    @Test
    void recordStartedAsOftenAsItsAttemptsAllowGoesToTheDeadLetterTopic() {
        StartCounter.Start s = StartCounter.judge(1, 3, 3);

        assertThat(s.deadLetter()).isTrue();
        assertThat(s.lastAttempt()).isEqualTo(3);
        assertThat(s.reason()).isEqualTo("its worker stopped or died while running it 3 time(s) (attempt 3 of 3)");
    }

    @Test
    void retriedJobKilledOnItsLastAttemptGoesToTheDeadLetterTopic() {
        assertThat(StartCounter.judge(3, 1, 3).deadLetter()).isTrue();
        assertThat(StartCounter.judge(3, 0, 3).deadLetter()).isFalse();
    }

    @Test
    void failedJobGoesToTheDeadLetterTopicWithoutRetryOrAtItsLastAttempt() {
        assertThat(KafkaJobQueue.deadLetters(false, 1, 3)).isTrue();
        assertThat(KafkaJobQueue.deadLetters(true, 2, 3)).isFalse();
        assertThat(KafkaJobQueue.deadLetters(true, 3, 3)).isTrue();
    }

    @Test
    void commitGoesToTheGroupsOffsetsOfThatPartitionOnly() {
        TopicPartition other = new TopicPartition("jobs", 1);
        consumer.assign(List.of(TP, other));
        consumer.commitSync(Map.of(other, new OffsetAndMetadata(3, StartCounter.METADATA_PREFIX + "1")));

        counter.commitStart(TP, 7, 1);

        assertThat(counter.previousStarts(other, 3)).isEqualTo(1);
        assertThat(counter.previousStarts(TP, 7)).isEqualTo(1);
    }
}
