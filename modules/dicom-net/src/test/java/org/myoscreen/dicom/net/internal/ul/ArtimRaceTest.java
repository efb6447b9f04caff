package org.myoscreen.dicom.net.internal.ul;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.myoscreen.dicom.net.internal.pdu.AAssociateRj;

/**
 * Issue 13 item 4: ARTIM expiring while the peer closes the transport. The expiry check and Evt18 must be one
 * critical section: if another transition (here the reader's Evt17, AR-5 to Sta1) runs between them, Evt18 reaches
 * the empty cell (Sta1, Evt18) and its IllegalStateException vanishes inside the timer's future.
 *
 * <p>Deterministic: the ARTIM task is taken from the scheduler's queue and run by the test, and the seam
 * {@link UpperLayer#onArtimChecked} lets the reader run exactly inside the window, until it either finishes or
 * blocks on the Upper Layer's lock.
 */
class ArtimRaceTest {
    @Test
    void peerClosingWhileArtimExpiresEndsInSta1WithoutAFailedTimerTask() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket peer = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket ours = server.accept()) {
            // never due by itself: the test runs the task
            UpperLayer ul = UpperLayer.inState(UpperLayer.Role.ACCEPTOR, State.STA3, ours, timers, Duration.ofHours(1));
            ul.rejectAssociation(new AAssociateRj(
                    AAssociateRj.RESULT_PERMANENT,
                    AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_NO_REASON_GIVEN));
            assertThat(ul.state()).isEqualTo(State.STA13);
            assertThat(timers.getQueue()).hasSize(1);
            RunnableScheduledFuture<?> artim =
                    (RunnableScheduledFuture<?>) timers.getQueue().peek();
            timers.remove(artim);

            // the peer has read the A-ASSOCIATE-RJ and closes; the association's reader sees the end (Evt17)
            peer.close();
            AtomicReference<Object> readerResult = new AtomicReference<>();
            Thread reader = new Thread(
                    () -> {
                        try {
                            readerResult.set(ul.next());
                        } catch (RuntimeException e) {
                            readerResult.set(e);
                        }
                    },
                    "reader");
            ul.onArtimChecked(() -> {
                reader.start();
                // let the reader go as far as it can: to its end, or blocked on the lock ARTIM holds
                while (reader.getState() != Thread.State.TERMINATED && reader.getState() != Thread.State.BLOCKED) {
                    Thread.onSpinWait();
                }
            });

            artim.run();
            reader.join();

            assertThat(artim.isDone()).isTrue();
            artim.get(); // throws ExecutionException if Evt18 hit an empty cell
            assertThat(readerResult.get()).isInstanceOf(Primitive.TransportClosed.class);
            assertThat(ul.state()).isEqualTo(State.STA1);
        } finally {
            timers.shutdownNow();
        }
    }

    /**
     * The mirror image: the reader sees the peer close (Evt17) while ARTIM expires. The Sta1 check and Evt17 must
     * be one critical section, or Evt18 moves to Sta1 in between and Evt17 reaches the empty cell (Sta1, Evt17),
     * throwing out of the reader.
     */
    @Test
    void artimExpiringWhileThePeerClosesEndsInSta1WithoutAFailedReader() throws Exception {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket peer = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket ours = server.accept()) {
            UpperLayer ul = UpperLayer.inState(UpperLayer.Role.ACCEPTOR, State.STA3, ours, timers, Duration.ofHours(1));
            ul.rejectAssociation(new AAssociateRj(
                    AAssociateRj.RESULT_PERMANENT,
                    AAssociateRj.SOURCE_SERVICE_USER,
                    AAssociateRj.REASON_NO_REASON_GIVEN));
            assertThat(ul.state()).isEqualTo(State.STA13);
            RunnableScheduledFuture<?> artim =
                    (RunnableScheduledFuture<?>) timers.getQueue().peek();
            timers.remove(artim);

            Thread expiry = new Thread(artim, "artim");
            ul.onTransportCloseChecked(() -> {
                expiry.start();
                // let ARTIM go as far as it can: to its end, or blocked on the lock the reader holds
                while (expiry.getState() != Thread.State.TERMINATED && expiry.getState() != Thread.State.BLOCKED) {
                    Thread.onSpinWait();
                }
            });
            peer.close();
            Object readerResult;
            try {
                readerResult = ul.next();
            } catch (RuntimeException e) {
                readerResult = e;
            }
            expiry.join();

            assertThat(readerResult).isInstanceOf(Primitive.TransportClosed.class);
            if (!artim.isCancelled()) { // AR-5 cancels ARTIM's future while its task waits for the lock
                artim.get(); // throws ExecutionException if Evt18 hit an empty cell
            }
            assertThat(ul.state()).isEqualTo(State.STA1);
        } finally {
            timers.shutdownNow();
        }
    }
}
