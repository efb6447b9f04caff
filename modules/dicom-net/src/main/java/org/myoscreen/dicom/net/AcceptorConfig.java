package org.myoscreen.dicom.net;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Everything an acceptor needs, immutable and validated at creation. Build with
 * {@link #builder(AeTitle)}.
 *
 * @param aeTitle our AE title; an A-ASSOCIATE-RQ calling another is rejected (1,1,7)
 * @param bindAddress host or IP address to listen on ("0.0.0.0" for all)
 * @param port TCP port, 0 for an ephemeral port (read it back from {@link DicomAcceptor#port()})
 * @param allowedCallingAeTitles empty: anyone; else only these calling AEs (others rejected 1,1,3)
 * @param maxAssociations concurrent associations; one more is rejected (2,3,2) "local-limit-exceeded"
 * @param artimTimeout PS3.8 ARTIM: how long to wait for an A-ASSOCIATE-RQ after connect and for
 *     the peer to close after a reject, release or abort
 * @param idleTimeout longest silence from an established peer before we abort (socket read timeout)
 * @param maxPduLength the P-DATA-TF variable-field length (bytes) we announce and accept
 * @param sslContext TLS (PS3.15 B.1 / BCP 195 profile) when present, plain TCP otherwise
 * @param tlsClientAuthRequired whether a TLS peer must present a certificate we trust
 * @param policy which presentation contexts we accept
 */
public record AcceptorConfig(
        AeTitle aeTitle,
        String bindAddress,
        int port,
        Set<AeTitle> allowedCallingAeTitles,
        int maxAssociations,
        Duration artimTimeout,
        Duration idleTimeout,
        int maxPduLength,
        Optional<SSLContext> sslContext,
        boolean tlsClientAuthRequired,
        PresentationContextPolicy policy) {

    public static final int DEFAULT_MAX_PDU_LENGTH = 256 * 1024;

    public AcceptorConfig {
        Objects.requireNonNull(aeTitle, "aeTitle is null");
        Objects.requireNonNull(bindAddress, "bindAddress is null");
        allowedCallingAeTitles = Set.copyOf(allowedCallingAeTitles);
        Objects.requireNonNull(artimTimeout, "artimTimeout is null");
        Objects.requireNonNull(idleTimeout, "idleTimeout is null");
        Objects.requireNonNull(sslContext, "sslContext is null");
        Objects.requireNonNull(policy, "policy is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1: " + maxAssociations);
        }
        if (artimTimeout.isNegative() || artimTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxPduLength < 4096 || maxPduLength > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxPduLength must be 4096..16777216: " + maxPduLength);
        }
    }

    public static Builder builder(AeTitle aeTitle) {
        return new Builder(aeTitle);
    }

    public Builder toBuilder() {
        Builder b = new Builder(aeTitle);
        b.bindAddress = bindAddress;
        b.port = port;
        b.allowedCallingAeTitles = allowedCallingAeTitles;
        b.maxAssociations = maxAssociations;
        b.artimTimeout = artimTimeout;
        b.idleTimeout = idleTimeout;
        b.maxPduLength = maxPduLength;
        b.sslContext = sslContext;
        b.tlsClientAuthRequired = tlsClientAuthRequired;
        b.policy = policy;
        return b;
    }

    /** Defaults: all interfaces, port 104, anyone, 16 associations, ARTIM 30 s, idle 60 s, MR storage. */
    public static final class Builder {
        private final AeTitle aeTitle;
        private String bindAddress = "0.0.0.0";
        private int port = 104;
        private Set<AeTitle> allowedCallingAeTitles = Set.of();
        private int maxAssociations = 16;
        private Duration artimTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxPduLength = DEFAULT_MAX_PDU_LENGTH;
        private Optional<SSLContext> sslContext = Optional.empty();
        private boolean tlsClientAuthRequired;
        private PresentationContextPolicy policy = PresentationContextPolicy.mrStorage();

        private Builder(AeTitle aeTitle) {
            this.aeTitle = aeTitle;
        }

        public Builder bindAddress(String v) {
            bindAddress = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder allowedCallingAeTitles(Set<AeTitle> v) {
            allowedCallingAeTitles = v;
            return this;
        }

        public Builder maxAssociations(int v) {
            maxAssociations = v;
            return this;
        }

        public Builder artimTimeout(Duration v) {
            artimTimeout = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder maxPduLength(int v) {
            maxPduLength = v;
            return this;
        }

        public Builder tls(SSLContext context, boolean clientAuthRequired) {
            sslContext = Optional.of(context);
            tlsClientAuthRequired = clientAuthRequired;
            return this;
        }

        public Builder policy(PresentationContextPolicy v) {
            policy = v;
            return this;
        }

        public AcceptorConfig build() {
            return new AcceptorConfig(
                    aeTitle,
                    bindAddress,
                    port,
                    allowedCallingAeTitles,
                    maxAssociations,
                    artimTimeout,
                    idleTimeout,
                    maxPduLength,
                    sslContext,
                    tlsClientAuthRequired,
                    policy);
        }
    }
}
