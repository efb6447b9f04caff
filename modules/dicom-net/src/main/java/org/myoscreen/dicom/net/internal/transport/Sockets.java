package org.myoscreen.dicom.net.internal.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Socket creation and tuning in one place: TCP_NODELAY (a DIMSE response is small and must not
 * wait for Nagle), TLS 1.2/1.3 only (BCP 195 as PS3.15 B.9 asks), and the buffer size for bulk
 * P-DATA.
 */
public final class Sockets {
    private static final int RECEIVE_BUFFER_BYTES = 1024 * 1024;
    private static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Sockets() {}

    public static ServerSocket listen(String bindAddress, int port, Optional<SSLContext> tls, boolean needClientAuth)
            throws IOException {
        ServerSocket server;
        if (tls.isPresent()) {
            SSLServerSocket ssl =
                    (SSLServerSocket) tls.get().getServerSocketFactory().createServerSocket();
            ssl.setEnabledProtocols(supported(ssl.getSupportedProtocols()));
            ssl.setNeedClientAuth(needClientAuth);
            server = ssl;
        } else {
            server = new ServerSocket();
        }
        server.setReuseAddress(true);
        // set before bind so that accepted sockets get a window large enough for bulk P-DATA
        server.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 64);
        return server;
    }

    /** Tunes an accepted or connected socket. */
    public static void tune(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
    }

    public static Socket connect(String host, int port, Duration timeout, Optional<SSLContext> tls) throws IOException {
        Socket plain = new Socket();
        try {
            tune(plain);
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            if (tls.isEmpty()) {
                return plain;
            }
            SSLSocket ssl = (SSLSocket) tls.get().getSocketFactory().createSocket(plain, host, port, true);
            ssl.setEnabledProtocols(supported(ssl.getSupportedProtocols()));
            ssl.setUseClientMode(true);
            ssl.setSoTimeout((int) timeout.toMillis());
            ssl.startHandshake();
            ssl.setSoTimeout(0);
            return ssl;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    private static String[] supported(String[] available) {
        return Arrays.stream(TLS_PROTOCOLS)
                .filter(p -> Arrays.asList(available).contains(p))
                .toArray(String[]::new);
    }
}
