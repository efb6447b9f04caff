package org.myoscreen.app.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.myoscreen.app.TlsContexts;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.dicom.net.AeTitle;
import org.myoscreen.dicom.net.AssociationRequest;
import org.myoscreen.pipeline.delivery.Destination;

/** The options {@code echo} and {@code send} share: who we are, timeouts and TLS. */
final class PeerOptions {
    static final String DEFAULT_CALLING_AE = "MYOSCREEN";

    private PeerOptions() {}

    static List<OptionSpec> specs() {
        return List.of(
                OptionSpec.value("calling-ae", "AE", "our (calling) AE title; default " + DEFAULT_CALLING_AE),
                OptionSpec.value("timeout", "DURATION", "connect and response timeout, e.g. 30s; " + "default 30s"),
                OptionSpec.flag("tls", "use TLS (DICOM secure transport connection profile)"),
                OptionSpec.value(
                        "tls-truststore",
                        "FILE",
                        "PKCS#12 store of trusted server " + "certificates; default: the JDK's trust"),
                OptionSpec.value("tls-truststore-password", "PASSWORD", "password of --tls-truststore"),
                OptionSpec.value("tls-keystore", "FILE", "PKCS#12 store with our client certificate"),
                OptionSpec.value("tls-keystore-password", "PASSWORD", "password of --tls-keystore"));
    }

    /** An association request to {@code peer} from these options (contexts still to propose). */
    static AssociationRequest.Builder request(String command, Destination peer, ParsedArgs args) {
        AeTitle calling =
                aeTitle(command, "--calling-ae", args.value("calling-ae").orElse(DEFAULT_CALLING_AE));
        AeTitle called = aeTitle(command, "AE of " + peer, peer.aeTitle());
        Duration timeout = args.value("timeout").map(t -> duration(command, t)).orElse(Duration.ofSeconds(30));
        AssociationRequest.Builder builder = AssociationRequest.builder(calling, called, peer.host(), peer.port())
                .connectTimeout(timeout)
                .responseTimeout(timeout);
        boolean tls = args.has("tls") || args.has("tls-truststore") || args.has("tls-keystore");
        if (tls) {
            builder.tls(TlsContexts.create(
                    args.value("tls-keystore").map(Path::of),
                    args.value("tls-keystore-password").orElse("").toCharArray(),
                    args.value("tls-truststore").map(Path::of),
                    args.value("tls-truststore-password").orElse("").toCharArray(),
                    "--tls-"));
        }
        return builder;
    }

    private static AeTitle aeTitle(String command, String what, String value) {
        try {
            return AeTitle.of(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + what + ": " + e.getMessage());
        }
    }

    private static Duration duration(String command, String text) {
        try {
            return org.myoscreen.app.config.ConfigType.DURATION_TYPE.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": --timeout: " + e.getMessage());
        }
    }
}
