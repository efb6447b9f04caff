package org.myoscreen.dicom.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How to open an association as requestor (SCU): who we are, whom we call and where, what we
 * propose (PS3.8 7.1.1), optional TLS, and timeouts. Immutable; build with {@link #builder}.
 *
 * @param connectTimeout TCP connect and TLS handshake limit
 * @param responseTimeout longest wait for any answer from the peer (A-ASSOCIATE-AC, DIMSE response,
 *     A-RELEASE-RP); on expiry we abort
 * @param maxPduLength the P-DATA-TF variable-field length (bytes) we announce
 */
public record AssociationRequest(
        AeTitle callingAeTitle,
        AeTitle calledAeTitle,
        String host,
        int port,
        List<PresentationContext> presentationContexts,
        Optional<SSLContext> sslContext,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxPduLength) {

    public AssociationRequest {
        Objects.requireNonNull(callingAeTitle, "callingAeTitle is null");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle is null");
        Objects.requireNonNull(host, "host is null");
        presentationContexts = List.copyOf(presentationContexts);
        Objects.requireNonNull(sslContext, "sslContext is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(responseTimeout, "responseTimeout is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (presentationContexts.isEmpty() || presentationContexts.size() > 128) {
            throw new IllegalArgumentException(
                    "1..128 presentation contexts required, got " + presentationContexts.size());
        }
        if (maxPduLength < 4096) {
            throw new IllegalArgumentException("maxPduLength below 4096: " + maxPduLength);
        }
    }

    public static Builder builder(AeTitle calling, AeTitle called, String host, int port) {
        return new Builder(calling, called, host, port);
    }

    /** Defaults: no TLS, connect 10 s, response 60 s, max PDU 256 KiB. */
    public static final class Builder {
        private final AeTitle calling;
        private final AeTitle called;
        private final String host;
        private final int port;
        private final List<PresentationContext> contexts = new ArrayList<>();
        private Optional<SSLContext> ssl = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private int maxPduLength = AcceptorConfig.DEFAULT_MAX_PDU_LENGTH;

        private Builder(AeTitle calling, AeTitle called, String host, int port) {
            this.calling = calling;
            this.called = called;
            this.host = host;
            this.port = port;
        }

        public Builder propose(PresentationContext context) {
            contexts.add(context);
            return this;
        }

        public Builder propose(List<PresentationContext> list) {
            contexts.addAll(list);
            return this;
        }

        public Builder tls(SSLContext context) {
            ssl = Optional.of(context);
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder responseTimeout(Duration v) {
            responseTimeout = v;
            return this;
        }

        public Builder maxPduLength(int v) {
            maxPduLength = v;
            return this;
        }

        public AssociationRequest build() {
            return new AssociationRequest(
                    calling, called, host, port, contexts, ssl, connectTimeout, responseTimeout, maxPduLength);
        }
    }
}
