package org.myoscreen.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

/**
 * Writes the DICOM JSON Model (PS3.18 annex F): an object keyed by 8 upper-case hex digit tags, each element an
 * object with {@code "vr"} and, when it has a value, {@code "Value"} or {@code "InlineBinary"}.
 *
 * <ul>
 *   <li>Strings: an array of strings (character sets decoded, padding trimmed); an empty value among several
 *       is {@code null} (F.2.5).</li>
 *   <li>PN: objects with {@code "Alphabetic"}, {@code "Ideographic"}, {@code "Phonetic"}; empty component
 *       groups are left out (F.2.2).</li>
 *   <li>IS, DS, and the binary numbers: JSON numbers. A DS or IS that is not a number is written as a string,
 *       and so are NaN and infinite floats, which JSON cannot hold.</li>
 *   <li>AT: strings {@code "GGGGEEEE"}.</li>
 *   <li>OB OD OF OL OV OW UN: {@code "InlineBinary"}, base64 of the little endian bytes; encapsulated Pixel Data as
 *       base64 of its item encoding (offset table item, fragment items, sequence delimiter).</li>
 *   <li>SQ: an array of item objects (an empty array for a sequence without items).</li>
 *   <li>Elements without a value have only {@code "vr"}. Group length elements are written like any other.</li>
 * </ul>
 * Output is compact (no whitespace). Thread-safe (stateless); the dataset must not change while written.
 */
public final class DicomJson {

    private DicomJson() {}

    /**
     * Returns the DICOM JSON of a dataset.
     *
     * @param ds the dataset
     * @return a JSON object
     */
    public static String toJson(Attributes ds) {
        StringBuilder out = new StringBuilder(4096);
        write(ds, out);
        return out.toString();
    }

    /**
     * Appends the DICOM JSON of a dataset.
     *
     * @param ds the dataset
     * @param out the target
     * @throws UncheckedIOException when the target fails
     */
    public static void write(Attributes ds, Appendable out) {
        try {
            dataset(ds, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write DICOM JSON: " + e.getMessage(), e);
        }
    }

    private static void dataset(Attributes ds, Appendable out) throws IOException {
        out.append('{');
        boolean first = true;
        for (DataElement e : ds) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(String.format("%08X", e.tag())).append("\":");
            element(ds, e, out);
        }
        out.append('}');
    }

    private static void element(Attributes ds, DataElement e, Appendable out) throws IOException {
        VR vr = e.vr();
        out.append("{\"vr\":\"").append(vr.name()).append('"');
        if (e.isSequence()) {
            out.append(",\"Value\":[");
            List<Attributes> items = e.items();
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                dataset(items.get(i), out);
            }
            out.append(']');
        } else if (e.isFragments()) {
            Fragments f = e.fragments().orElseThrow();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            item(bytes, f.basicOffsetTable());
            for (byte[] fragment : f.fragments()) {
                item(bytes, fragment);
            }
            bytes.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0});
            out.append(",\"InlineBinary\":\"")
                    .append(Base64.getEncoder().encodeToString(bytes.toByteArray()))
                    .append('"');
        } else if (vr.isBinary()) {
            if (e.length() > 0) {
                out.append(",\"InlineBinary\":\"")
                        .append(Base64.getEncoder().encodeToString(e.raw()))
                        .append('"');
            }
        } else {
            List<String> values = ds.getStrings(e.tag());
            if (!values.isEmpty()) {
                out.append(",\"Value\":[");
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    value(vr, values.get(i), out);
                }
                out.append(']');
            }
        }
        out.append('}');
    }

    private static void item(java.io.ByteArrayOutputStream out, byte[] value) {
        int length = value.length + (value.length & 1);
        out.writeBytes(new byte[] {
            (byte) 0xFE,
            (byte) 0xFF,
            0x00,
            (byte) 0xE0,
            (byte) length,
            (byte) (length >>> 8),
            (byte) (length >>> 16),
            (byte) (length >>> 24)
        });
        out.writeBytes(value);
        if (length != value.length) {
            out.write(0);
        }
    }

    private static void value(VR vr, String v, Appendable out) throws IOException {
        if (v.isEmpty()) {
            out.append("null");
            return;
        }
        switch (vr) {
            case PN -> personName(v, out);
            case IS, DS -> {
                String number = jsonNumber(v);
                if (number == null) {
                    string(v, out);
                } else {
                    out.append(number);
                }
            }
            case FL, FD -> {
                double d = Double.parseDouble(v);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    string(v, out);
                } else {
                    out.append(v);
                }
            }
            case US, SS, UL, SL, SV, UV -> out.append(v);
            default -> string(v, out);
        }
    }

    /** Returns the value as a JSON number, or null when it is not a number. */
    static String jsonNumber(String v) {
        try {
            BigDecimal d = new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
            if (d.signum() == 0) {
                return "0";
            }
            String s = v.startsWith("+") ? v.substring(1) : v;
            // Keep the original spelling when it already is valid JSON; otherwise BigDecimal's form is.
            return s.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?") ? s : d.toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void personName(String v, Appendable out) throws IOException {
        String[] groups = v.split("=", -1);
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        out.append('{');
        boolean first = true;
        for (int i = 0; i < Math.min(groups.length, 3); i++) {
            String group = Attributes.trim(groups[i], false);
            if (group.isEmpty()) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(names[i]).append("\":");
            string(group, out);
        }
        out.append('}');
    }

    private static void string(String s, Appendable out) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
