package org.myoscreen.dicom.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decoding and encoding of character data under Specific Character Set (0008,0005), PS3.3 section C.12.1.1.2
 * and PS3.5 section 6.1.
 *
 * <p>Supported: the default repertoire (decoded as ISO 8859-1 so that stray 8-bit bytes survive, as pydicom
 * does), the single-byte ISO_IR sets (100, 101, 109, 110, 144, 127, 126, 138, 148, 203, 166, 13), ISO_IR 192
 * (UTF-8), GB18030 and GBK. Code extension (ISO 2022 ..., possibly multi-valued) is decoded best effort: the
 * value is split at escape sequences and each run decoded with the designated set (ASCII, the ISO 8859 parts,
 * JIS X 0201, JIS X 0208, JIS X 0212, KS X 1001, GB 2312); unknown escapes fall back to ISO 8859-1. Unknown
 * defined terms fall back to ISO 8859-1. Decoding never throws; malformed input yields replacement characters.
 *
 * <p>Immutable and thread-safe.
 */
public final class SpecificCharacterSet {

    /** The default repertoire, used when (0008,0005) is absent or empty. */
    public static final SpecificCharacterSet DEFAULT =
            new SpecificCharacterSet(List.of(), StandardCharsets.ISO_8859_1, false);

    private static final Map<String, String> SINGLE = Map.ofEntries(
            Map.entry("ISO_IR 6", "ISO-8859-1"),
            Map.entry("ISO_IR 100", "ISO-8859-1"),
            Map.entry("ISO_IR 101", "ISO-8859-2"),
            Map.entry("ISO_IR 109", "ISO-8859-3"),
            Map.entry("ISO_IR 110", "ISO-8859-4"),
            Map.entry("ISO_IR 144", "ISO-8859-5"),
            Map.entry("ISO_IR 127", "ISO-8859-6"),
            Map.entry("ISO_IR 126", "ISO-8859-7"),
            Map.entry("ISO_IR 138", "ISO-8859-8"),
            Map.entry("ISO_IR 148", "ISO-8859-9"),
            Map.entry("ISO_IR 203", "ISO-8859-15"),
            Map.entry("ISO_IR 166", "x-IBM874"),
            Map.entry("ISO_IR 13", "JIS_X0201"),
            Map.entry("ISO_IR 192", "UTF-8"),
            Map.entry("GB18030", "GB18030"),
            Map.entry("GBK", "GBK"));

    /** ISO 2022 defined terms to the charset of their initial designation. */
    private static final Map<String, String> ISO2022 = Map.ofEntries(
            Map.entry("ISO 2022 IR 6", "ISO-8859-1"),
            Map.entry("ISO 2022 IR 100", "ISO-8859-1"),
            Map.entry("ISO 2022 IR 101", "ISO-8859-2"),
            Map.entry("ISO 2022 IR 109", "ISO-8859-3"),
            Map.entry("ISO 2022 IR 110", "ISO-8859-4"),
            Map.entry("ISO 2022 IR 144", "ISO-8859-5"),
            Map.entry("ISO 2022 IR 127", "ISO-8859-6"),
            Map.entry("ISO 2022 IR 126", "ISO-8859-7"),
            Map.entry("ISO 2022 IR 138", "ISO-8859-8"),
            Map.entry("ISO 2022 IR 148", "ISO-8859-9"),
            Map.entry("ISO 2022 IR 203", "ISO-8859-15"),
            Map.entry("ISO 2022 IR 166", "x-IBM874"),
            Map.entry("ISO 2022 IR 13", "JIS_X0201"),
            Map.entry("ISO 2022 IR 87", "ISO-8859-1"),
            Map.entry("ISO 2022 IR 159", "ISO-8859-1"),
            Map.entry("ISO 2022 IR 149", "ISO-8859-1"),
            Map.entry("ISO 2022 IR 58", "ISO-8859-1"));

    private final List<String> terms;
    private final Charset initial;
    private final boolean codeExtensions;

    private SpecificCharacterSet(List<String> terms, Charset initial, boolean codeExtensions) {
        this.terms = List.copyOf(terms);
        this.initial = initial;
        this.codeExtensions = codeExtensions;
    }

    /**
     * Interprets the values of Specific Character Set.
     *
     * @param values the defined terms as stored (trimmed); empty list for the default repertoire
     * @return the character set, never null; unknown terms fall back to ISO 8859-1
     */
    public static SpecificCharacterSet of(List<String> values) {
        if (values.isEmpty() || (values.size() == 1 && values.get(0).isBlank())) {
            return DEFAULT;
        }
        String first = normalise(values.get(0));
        boolean extensions = values.size() > 1 || first.startsWith("ISO 2022");
        String name;
        if (first.isEmpty()) {
            name = "ISO-8859-1";
        } else if (extensions) {
            name = ISO2022.getOrDefault(first, SINGLE.getOrDefault(first, "ISO-8859-1"));
        } else {
            name = SINGLE.getOrDefault(first, "ISO-8859-1");
        }
        return new SpecificCharacterSet(values, charset(name), extensions);
    }

    private static String normalise(String term) {
        String t = term.strip().toUpperCase(Locale.ROOT);
        // Common misspellings seen in the wild: "ISO_IR_100", "ISO IR 100", "ISO-IR 100".
        if (t.matches("ISO[ _-]IR[ _-]?\\d+")) {
            t = "ISO_IR " + t.replaceAll("\\D", "");
        }
        if ("UTF-8".equals(t) || "UTF8".equals(t)) {
            t = "ISO_IR 192";
        }
        return t;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /**
     * Returns the defined terms this set was built from.
     *
     * @return the values of (0008,0005), possibly empty
     */
    public List<String> terms() {
        return terms;
    }

    /**
     * Tells whether the value is UTF-8 (ISO_IR 192).
     *
     * @return true for UTF-8
     */
    public boolean isUtf8() {
        return initial.equals(StandardCharsets.UTF_8);
    }

    /**
     * Decodes character data.
     *
     * @param bytes the value bytes
     * @param offset start in {@code bytes}
     * @param length number of bytes
     * @return the text, padding not removed
     */
    public String decode(byte[] bytes, int offset, int length) {
        if (!codeExtensions) {
            return new String(bytes, offset, length, initial);
        }
        return decodeIso2022(bytes, offset, length);
    }

    /**
     * Encodes text with the initial character set (code extensions are not produced).
     *
     * @param text the text
     * @return the bytes; characters the set cannot represent become '?'
     */
    public byte[] encode(String text) {
        return text.getBytes(initial);
    }

    private String decodeIso2022(byte[] bytes, int offset, int length) {
        StringBuilder out = new StringBuilder(length);
        Charset g0 = StandardCharsets.US_ASCII;
        Charset g1 = initial;
        boolean g0MultiByte = false;
        String g0Escape = "";
        int end = offset + length;
        int runStart = offset;
        int i = offset;
        while (i <= end) {
            boolean atEscape = i < end && bytes[i] == 0x1B;
            boolean atReset = i < end
                    && !g0MultiByte
                    && (bytes[i] == '\\' || bytes[i] == '^' || bytes[i] == '=' || bytes[i] == '\r' || bytes[i] == '\n');
            if (i == end || atEscape || atReset) {
                decodeRun(bytes, runStart, i - runStart, g0, g1, g0MultiByte, g0Escape, out);
                if (i == end) {
                    break;
                }
                if (atReset) {
                    // Delimiters reset the designations to the initial state (PS3.5 section 6.1.2.5.3).
                    out.append((char) bytes[i]);
                    g0 = StandardCharsets.US_ASCII;
                    g1 = initial;
                    g0MultiByte = false;
                    g0Escape = "";
                    i++;
                    runStart = i;
                    continue;
                }
                int escapeLength = escapeLength(bytes, i, end);
                String escape = new String(bytes, i + 1, escapeLength - 1, StandardCharsets.ISO_8859_1);
                switch (escape) {
                    case "(B" -> {
                        g0 = StandardCharsets.US_ASCII;
                        g0MultiByte = false;
                    }
                    case "(J" -> {
                        g0 = charset("JIS_X0201");
                        g0MultiByte = false;
                    }
                    case "$B", "$@" -> {
                        g0 = charset("ISO-2022-JP");
                        g0MultiByte = true;
                        g0Escape = "$B";
                    }
                    case "$(D" -> {
                        g0 = charset("x-ISO-2022-JP-2");
                        g0MultiByte = true;
                        g0Escape = "$(D";
                    }
                    case ")I" -> g1 = charset("JIS_X0201");
                    case "$)C" -> g1 = charset("EUC-KR");
                    case "$)A" -> g1 = charset("GB2312");
                    case "-A" -> g1 = StandardCharsets.ISO_8859_1;
                    case "-B" -> g1 = charset("ISO-8859-2");
                    case "-C" -> g1 = charset("ISO-8859-3");
                    case "-D" -> g1 = charset("ISO-8859-4");
                    case "-L" -> g1 = charset("ISO-8859-5");
                    case "-G" -> g1 = charset("ISO-8859-6");
                    case "-F" -> g1 = charset("ISO-8859-7");
                    case "-H" -> g1 = charset("ISO-8859-8");
                    case "-M" -> g1 = charset("ISO-8859-9");
                    case "-b" -> g1 = charset("ISO-8859-15");
                    case "-T" -> g1 = charset("x-IBM874");
                    default -> g1 = StandardCharsets.ISO_8859_1;
                }
                i += escapeLength;
                runStart = i;
                continue;
            }
            i++;
        }
        return out.toString();
    }

    private static int escapeLength(byte[] bytes, int at, int end) {
        // ESC, intermediate bytes 0x20-0x2F, one final byte 0x30-0x7E (ISO 2022 section 13.1).
        int i = at + 1;
        while (i < end && bytes[i] >= 0x20 && bytes[i] <= 0x2F) {
            i++;
        }
        return Math.min(i + 1, end) - at;
    }

    private static void decodeRun(
            byte[] bytes,
            int offset,
            int length,
            Charset g0,
            Charset g1,
            boolean g0MultiByte,
            String g0Escape,
            StringBuilder out) {
        if (length <= 0) {
            return;
        }
        if (g0MultiByte) {
            // Let the JDK's ISO-2022-JP decoder handle the 7-bit double-byte run by restoring its escape.
            ByteArrayOutputStream run = new ByteArrayOutputStream(length + 4);
            run.write(0x1B);
            run.writeBytes(g0Escape.getBytes(StandardCharsets.ISO_8859_1));
            run.write(bytes, offset, length);
            out.append(new String(run.toByteArray(), g0));
            return;
        }
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int j = i;
            boolean high = (bytes[i] & 0x80) != 0;
            while (j < end && ((bytes[j] & 0x80) != 0) == high) {
                j++;
            }
            // 7-bit bytes outside a double-byte designation are ASCII (or JIS X 0201 romaji); ISO 8859-1 keeps stray
            // bytes.
            Charset cs = high ? g1 : (g0.equals(StandardCharsets.US_ASCII) ? StandardCharsets.ISO_8859_1 : g0);
            out.append(new String(bytes, i, j - i, cs));
            i = j;
        }
    }
}
