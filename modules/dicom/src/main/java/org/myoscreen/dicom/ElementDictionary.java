package org.myoscreen.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The standard data dictionary of PS3.6 (and the command group of PS3.7): keyword, VR, VM and retirement
 * for every public tag, loaded once from the generated table {@code dictionary.tsv}
 * (see {@code tools/dictionary/generate.py}).
 *
 * <p>Lookups handle repeating groups (50xx curves, 60xx overlays, 7Fxx variable pixel data, (0020,31xx)),
 * group length elements (gggg,0000, VR UL) and private creator elements (gggg,0010-00FF of odd groups, VR LO).
 * Other private tags are unknown.
 *
 * <p>Entries with more than one possible VR resolve as follows when nothing better is known:
 * "US or SS" (e.g. (0028,0106)) to {@link VR#US}; "OB or OW" (pixel data, overlay data, waveform data) to
 * {@link VR#OW}; "US or SS or OW" (LUT data) to {@link VR#OW}; directory offsets to {@link VR#UL}. The
 * Implicit VR reader refines "US or SS" with Pixel Representation (0028,0103) as PS3.5 annex A.1 allows.
 * Item and delimitation tags (FFFE,xxxx) have no VR; they report {@link VR#UN}.
 *
 * <p>Thread-safe: the table is immutable after class initialisation.
 */
public final class ElementDictionary {

    private static final String RESOURCE = "dictionary.tsv";

    /** Exact tags. */
    private static final Map<Integer, Row> EXACT = new HashMap<>(8192);
    /** Repeating tags keyed by tag with the wildcard bits cleared, searched with each known mask. */
    private static final Map<Long, Row> MASKED = new HashMap<>();

    private static final int[] MASKS;
    private static final Map<String, Integer> BY_KEYWORD = new HashMap<>(8192);

    private record Row(int tag, int mask, String keyword, VR vr, String vrChoices, String vm, boolean retired) {}

    static {
        java.util.TreeSet<Integer> masks = new java.util.TreeSet<>();
        try (InputStream in = ElementDictionary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dictionary resource missing: " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                String pattern = f[0];
                int tag = 0;
                int mask = 0;
                for (int i = 0; i < 8; i++) {
                    char c = pattern.charAt(i);
                    tag <<= 4;
                    mask <<= 4;
                    if (c == 'x') {
                        mask |= 0xF;
                    } else {
                        tag |= Character.digit(c, 16);
                    }
                }
                String vrChoices = choices(f[1]);
                Row row = new Row(tag, mask, f[2], resolve(f[1]), vrChoices, f[3], "1".equals(f[4]));
                if (mask == 0) {
                    EXACT.put(tag, row);
                } else {
                    MASKED.put(((long) mask << 32) | (tag & 0xFFFFFFFFL), row);
                    masks.add(mask);
                }
                BY_KEYWORD.put(row.keyword(), tag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dictionary resource " + RESOURCE, e);
        }
        MASKS = masks.stream().mapToInt(Integer::intValue).toArray();
    }

    private ElementDictionary() {}

    private static VR resolve(String vr) {
        switch (vr) {
            case "xs":
                return VR.US;
            case "up":
                return VR.UL;
            case "ox":
            case "px":
            case "lt":
                return VR.OW;
            case "na":
                return VR.UN;
            default:
                return VR.valueOf(vr);
        }
    }

    private static String choices(String vr) {
        switch (vr) {
            case "xs":
                return "US or SS";
            case "ox":
            case "px":
                return "OB or OW";
            case "lt":
                return "US or SS or OW";
            default:
                return "";
        }
    }

    private static Optional<Row> row(int tag) {
        Row row = EXACT.get(tag);
        if (row != null) {
            return Optional.of(row);
        }
        for (int mask : MASKS) {
            row = MASKED.get(((long) mask << 32) | ((tag & ~mask) & 0xFFFFFFFFL));
            if (row != null) {
                // Repeating groups of PS3.6 only cover even groups; odd ones are private.
                if ((mask & 0xFFFF0000) != 0 && (Tag.group(tag) & 1) == 1) {
                    return Optional.empty();
                }
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }

    /**
     * Looks up a tag.
     *
     * @param tag the tag {@code (group << 16) | element}
     * @return the entry (for repeating groups and group lengths with {@code tag} as asked), or empty when unknown
     */
    public static Optional<DictionaryEntry> lookup(int tag) {
        Optional<Row> row = row(tag);
        if (row.isPresent()) {
            Row r = row.get();
            return Optional.of(new DictionaryEntry(tag, r.keyword(), r.vr(), r.vm(), r.retired()));
        }
        if (Tag.element(tag) == 0 && Tag.group(tag) != 0xFFFE) {
            return Optional.of(new DictionaryEntry(
                    tag, Tag.isPrivate(tag) ? "PrivateGroupLength" : "GroupLength", VR.UL, "1", Tag.group(tag) > 2));
        }
        if (Tag.isPrivateCreator(tag)) {
            return Optional.of(new DictionaryEntry(tag, "PrivateCreator", VR.LO, "1", false));
        }
        return Optional.empty();
    }

    /**
     * Returns the VR to assume for a tag when the encoding does not carry it (Implicit VR, PS3.5 section 7.1.3).
     *
     * @param tag the tag
     * @return the dictionary VR (see the class documentation for multi-VR entries), {@link VR#UN} when unknown
     */
    public static VR vrOf(int tag) {
        return lookup(tag).map(DictionaryEntry::vr).orElse(VR.UN);
    }

    /**
     * Names the alternatives of a multi-VR entry.
     *
     * @param tag the tag
     * @return e.g. {@code "US or SS"}, or the empty string when the entry has a single VR or is unknown
     */
    public static String vrChoices(int tag) {
        return row(tag).map(Row::vrChoices).orElse("");
    }

    /**
     * Returns the keyword of a tag.
     *
     * @param tag the tag
     * @return the keyword, e.g. {@code "PatientName"}, or the empty string when unknown
     */
    public static String keywordOf(int tag) {
        return lookup(tag).map(DictionaryEntry::keyword).orElse("");
    }

    /**
     * Returns the tag of a keyword; repeating groups give their first group (e.g. OverlayData: 0x60003000).
     *
     * @param keyword the keyword, case-sensitive
     * @return the tag, or empty when no public attribute has this keyword
     */
    public static OptionalInt tagOf(String keyword) {
        Integer tag = BY_KEYWORD.get(keyword);
        return tag == null ? OptionalInt.empty() : OptionalInt.of(tag);
    }
}
