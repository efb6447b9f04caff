package org.myoscreen.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Mutated DIMSE command sets over real associations ({@link DimseFuzzer}), with fixed seeds: every case is answered
 * with a fitting DIMSE status or ends in an A-ABORT, nothing hangs, no reader thread dies, and the acceptor still
 * serves a clean C-ECHO afterwards. The long run is {@code bench/faults/fuzz-dimse.sh}.
 */
class DimseFuzzTest {
    private static final int CASES = 300;

    @Test
    void everyMutatedCommandIsAnsweredOrAbortedAndTheAcceptorKeepsServing() throws Exception {
        try (DimseFuzzer fuzzer = new DimseFuzzer()) {
            DimseFuzzer.Report first = fuzzer.run(20261206L, CASES);
            DimseFuzzer.Report second = fuzzer.run(13L, CASES);
            // the seeds reach both ends: mutated messages that were answered and served on, and aborts
            assertThat(first.outcomes()).containsKeys(DimseFuzzer.Outcome.SERVED, DimseFuzzer.Outcome.ABORTED);
            assertThat(second.outcomes()).containsKeys(DimseFuzzer.Outcome.SERVED, DimseFuzzer.Outcome.ABORTED);
            assertThat(first.statuses()).containsKeys("0000", "0211");

            try (Association a = DicomConnector.open(
                    AssociationRequest.builder(AeTitle.of("CLEAN"), AeTitle.of("MYOSCREEN"), "127.0.0.1", fuzzer.port())
                            .propose(PresentationContext.uncompressed(PresentationContextPolicy.VERIFICATION))
                            .build())) {
                assertThat(a.echo()).isEqualTo(DimseStatus.SUCCESS);
            }
        }
    }
}
