package org.myoscreen.pipeline.assembly;

import java.util.Locale;
import org.myoscreen.pipeline.InstanceHeader;

/**
 * The one-line summary the node prints (key=value) per completed series, and the quoting of values that may
 * hold spaces which every such line uses (the association summary is {@code AssociationRecorder}'s). Stateless
 * and thread-safe.
 */
public final class Summaries {

    private Summaries() {}

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
                + " number="
                + (h.seriesNumber().isPresent()
                        ? String.valueOf(h.seriesNumber().getAsInt())
                        : "")
                + " modality=" + quote(h.modality()) + " description="
                + quote(h.seriesDescription().orElse(""))
                + " orientation=" + h.orientation().name().toLowerCase(Locale.ROOT)
                + " instances=" + s.instances().size() + " frames=" + s.frames() + " bytes=" + s.totalBytes()
                + " reason=" + s.reason().name().toLowerCase(Locale.ROOT)
                + " rule=" + s.rule().map(RoutingRule::id).orElse("none")
                + " calling_ae=" + quote(h.callingAeTitle());
    }

    /** The value as is when it has no space, quote or equals sign; else in double quotes with escapes. */
    public static String quote(String v) {
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
