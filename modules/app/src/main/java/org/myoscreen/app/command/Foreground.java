package org.myoscreen.app.command;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command ({@code run}, {@code node}, {@code worker}) in the foreground until the
 * JVM is asked to stop (SIGTERM, SIGINT), then runs its stop action on the shutdown thread. The stop
 * action is registered before the command prints its start-up line, so a signal that follows the line
 * always finds it.
 */
final class Foreground {
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Foreground() {}

    /**
     * Registers {@code stop} to run at JVM shutdown.
     *
     * @param stop closes the command's services in order; must not block forever
     * @return the handle to {@link #await} on
     */
    static Foreground stopOnShutdown(Runnable stop) {
        Foreground foreground = new Foreground();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                stop.run();
                            } finally {
                                foreground.stopped.countDown();
                            }
                        },
                        "shutdown"));
        return foreground;
    }

    /** Blocks until the stop action has run. */
    void await() throws InterruptedException {
        stopped.await();
    }
}
