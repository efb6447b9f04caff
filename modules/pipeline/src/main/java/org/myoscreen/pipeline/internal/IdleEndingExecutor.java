package org.myoscreen.pipeline.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A single daemon thread for background rounds that ends after two idle seconds and starts again on the next task,
 * so that objects nobody closes (tools, tests) leave no thread behind. Tasks run one at a time, in order.
 */
public final class IdleEndingExecutor {

    private IdleEndingExecutor() {}

    /**
     * A new executor.
     *
     * @param name the thread's name (shown in thread dumps and profiles)
     * @return the executor; shut it down to finish its queued tasks and stop
     */
    public static ExecutorService named(String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
