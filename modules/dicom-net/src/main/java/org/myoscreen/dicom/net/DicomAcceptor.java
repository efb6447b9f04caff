package org.myoscreen.dicom.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.myoscreen.dicom.net.internal.service.SafeListener;
import org.myoscreen.dicom.net.internal.service.ScpAssociation;
import org.myoscreen.dicom.net.internal.transport.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOM acceptor (SCP) for Verification and Storage (PS3.4 Annexes A and B) over the PS3.8
 * Upper Layer, optionally over TLS.
 *
 * <p>One accept thread; one thread per association, at most {@code maxAssociations} of them. A
 * connection beyond that limit still gets an answer (A-ASSOCIATE-RJ 2,3,2 local-limit-exceeded)
 * from a small fixed number of extra threads; beyond those it is closed at once. {@link #close()}
 * stops listening and aborts associations in progress. Thread-safe.
 */
public final class DicomAcceptor implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomAcceptor.class);
    /** Threads that may be busy telling surplus peers "local limit exceeded". */
    private static final int REJECT_SLOTS = 4;

    private static final AtomicLong INSTANCES = new AtomicLong();

    private final AcceptorConfig config;
    private final CStoreHandler handler;
    private final AssociationListener listener;
    private final Semaphore associations;
    private final Semaphore rejectSlots = new Semaphore(REJECT_SLOTS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final String name;
    private ServerSocket server;
    private ExecutorService workers;
    private ScheduledExecutorService timers;
    private Thread acceptThread;
    private volatile boolean closed;

    public DicomAcceptor(AcceptorConfig config, CStoreHandler handler, AssociationListener listener) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.handler = Objects.requireNonNull(handler, "handler is null");
        this.listener = new SafeListener(Objects.requireNonNull(listener, "listener is null"));
        this.associations = new Semaphore(config.maxAssociations());
        this.name = config.aeTitle().value() + "#" + INSTANCES.incrementAndGet();
    }

    /**
     * Binds and starts accepting.
     *
     * @return this acceptor
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized DicomAcceptor start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("acceptor " + name + " already started");
        }
        server = Sockets.listen(
                config.bindAddress(), config.port(), config.sslContext(), config.tlsClientAuthRequired());
        workers = Executors.newCachedThreadPool(daemon("dicom-assoc-" + name));
        timers = Executors.newSingleThreadScheduledExecutor(daemon("dicom-artim-" + name));
        acceptThread = daemon("dicom-accept-" + name).newThread(this::acceptLoop);
        acceptThread.start();
        LOG.info(
                "event=acceptor_started ae={} address={} port={} tls={} max_associations={} max_pdu={}",
                config.aeTitle(),
                config.bindAddress(),
                port(),
                config.sslContext().isPresent(),
                config.maxAssociations(),
                config.maxPduLength());
        return this;
    }

    /** @return the bound port (useful with port 0) */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("acceptor " + name + " not started");
        }
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("event=accept_failed acceptor={} error=\"{}\"", name, e.toString());
                }
                continue;
            }
            String id = "A" + ids.incrementAndGet();
            try {
                // a DIMSE response must not wait for Nagle's algorithm, and dead peers must surface
                Sockets.tune(socket);
            } catch (IOException e) {
                LOG.warn(
                        "event=connection_dropped acceptor={} association={} peer={} reason=\"{}\"",
                        name,
                        id,
                        socket.getRemoteSocketAddress(),
                        e.toString());
                closeQuietly(socket);
                continue;
            }
            boolean withinLimit = associations.tryAcquire();
            Semaphore held = withinLimit ? associations : rejectSlots.tryAcquire() ? rejectSlots : null;
            if (held == null) {
                LOG.warn(
                        "event=connection_dropped acceptor={} association={} peer={} reason=overloaded",
                        name,
                        id,
                        socket.getRemoteSocketAddress());
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            ScpAssociation task = new ScpAssociation(socket, config, !withinLimit, handler, listener, timers, id);
            try {
                workers.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        open.remove(socket);
                        held.release();
                    }
                });
            } catch (RuntimeException e) {
                open.remove(socket);
                held.release();
                closeQuietly(socket);
            }
        }
    }

    /** Stops listening, closes every open association's connection, and waits briefly for their threads. */
    @Override
    public void close() {
        ServerSocket s;
        synchronized (this) {
            if (closed || server == null) {
                closed = true;
                return;
            }
            closed = true;
            s = server;
        }
        closeQuietly(s);
        open.forEach(DicomAcceptor::closeQuietly);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        LOG.info("event=acceptor_stopped acceptor={}", name);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with a socket that fails to close
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
