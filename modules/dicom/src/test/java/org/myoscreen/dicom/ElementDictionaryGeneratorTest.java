package org.myoscreen.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed dictionary is what the generator makes from DCMTK's dicom.dic, and it covers every public entry
 * of that file with the same VR, VM and retirement.
 */
class ElementDictionaryGeneratorTest {

    private static final Path DIC = Paths.get("/usr/share/libdcmtk17/dicom.dic");
    private static final Path GENERATOR = Paths.get("../../tools/dictionary/generate.py");
    private static final String TAG_JAVA = "modules/dicom/src/main/java/org/myoscreen/dicom/Tag.java";
    private static final String TABLE = "modules/dicom/src/main/resources/org/myoscreen/dicom/dictionary.tsv";

    @Test
    void committedOutputEqualsAFreshGeneratorRun(@TempDir Path out) throws Exception {
        Assumptions.assumeTrue(Files.isReadable(DIC), "DCMTK dictionary not installed");
        Process p = new ProcessBuilder("/usr/bin/python3", GENERATOR.toString(), DIC.toString(), out.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        Path repo = Paths.get("../..");
        assertThat(Files.readString(out.resolve(TAG_JAVA))).isEqualTo(Files.readString(repo.resolve(TAG_JAVA)));
        assertThat(Files.readString(out.resolve(TABLE))).isEqualTo(Files.readString(repo.resolve(TABLE)));
    }

    @Test
    void everyPublicDcmtkEntryIsInTheDictionary() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(DIC), "DCMTK dictionary not installed");
        List<String> lines = Files.readAllLines(DIC, StandardCharsets.ISO_8859_1);
        int checked = 0;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t+");
            if (f[4].equals("PRIVATE") || f[4].equals("ILLEGAL") || f[4].equals("GENERIC")) {
                continue;
            }
            // For ranges like (6000-60FF,3000) check the first and the last even group.
            String[] parts = f[0].substring(1, f[0].length() - 1).split(",");
            for (String group : expand(parts[0])) {
                for (String element : expand(parts[1])) {
                    int tag = (Integer.parseInt(group, 16) << 16) | Integer.parseInt(element, 16);
                    DictionaryEntry e = ElementDictionary.lookup(tag).orElseThrow(() -> new AssertionError(line));
                    String keyword = f[2].startsWith("RETIRED_") ? f[2].substring(8) : f[2];
                    assertThat(e.keyword()).as(line).isEqualTo(keyword);
                    assertThat(e.vm()).as(line).isEqualTo(f[3]);
                    assertThat(e.retired()).as(line).isEqualTo(f[4].endsWith("retired"));
                    if (f[1].length() == 2 && Character.isUpperCase(f[1].charAt(0))) {
                        assertThat(e.vr().name()).as(line).isEqualTo(f[1]);
                    }
                    assertThat(ElementDictionary.tagOf(keyword)).isPresent();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(4900);
    }

    private static List<String> expand(String part) {
        if (!part.contains("-")) {
            return List.of(part);
        }
        String[] range = part.split("-");
        String last = Integer.toHexString(Integer.parseInt(range[range.length - 1], 16) - 1);
        return List.of(range[0], last);
    }
}
