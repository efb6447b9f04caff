package org.myoscreen.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The one-line summaries the node prints (key=value, one line per event): per association when it ends and
 * per completed series. Values that may hold spaces are quoted. Stateless and thread-safe.
 */
public final class Summaries {

    private Summaries() {
    }

    /**
     * {@code event=association_summary association=… calling_ae=… called_ae=… remote=… state=… stored=… failed=…
     * bytes=… duration_ms=… mb_per_s=…}.
     *
     * @param a the association
     * @return the line
     */
    public static String association(Ledger.AssociationRecord a) {
        Instant end = a.closedAt().orElse(a.openedAt());
        long ms = Math.max(0, Duration.between(a.openedAt(), end).toMillis());
        double mbPerS = ms == 0 ? 0 : a.bytes() / 1e6 / (ms / 1000.0);
        return "event=association_summary association=" + a.id() + " calling_ae=" + quote(a.callingAeTitle())
                + " called_ae=" + quote(a.calledAeTitle()) + " remote=" + a.remoteAddress()
                + " state=" + a.state().name().toLowerCase(Locale.ROOT) + " stored=" + a.instancesStored()
                + " failed=" + a.failures() + " bytes=" + a.bytes() + " duration_ms=" + ms
                + " mb_per_s=" + String.format(Locale.ROOT, "%.1f", mbPerS);
    }

    /**
     * {@code event=series_complete study=… series=… number=… modality=… description="…" orientation=… instances=…
     * frames=… bytes=… reason=… rule=…|none calling_ae=…}.
     *
     * @param s the series
     * @return the line
     */
    public static String series(CompletedSeries s) {
        InstanceHeader h = s.first();
        return "event=series_complete study=" + s.studyInstanceUid() + " series=" + s.seriesInstanceUid()
                + " number=" + (h.seriesNumber().isPresent() ? String.valueOf(h.seriesNumber().getAsInt()) : "")
                + " modality=" + quote(h.modality()) + " description=" + quote(h.seriesDescription().orElse(""))
                + " orientation=" + h.orientation().name().toLowerCase(Locale.ROOT)
                + " instances=" + s.instances().size() + " frames=" + s.frames() + " bytes=" + s.totalBytes()
                + " reason=" + s.reason().name().toLowerCase(Locale.ROOT)
                + " rule=" + s.rule().map(RoutingRule::id).orElse("none")
                + " calling_ae=" + quote(h.callingAeTitle());
    }

    /** The value as is when it has no space, quote or equals sign; else in double quotes with escapes. */
    static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
            return v;
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c < 0x20 ? ' ' : c);
        }
        return b.append('"').toString();
    }
}
