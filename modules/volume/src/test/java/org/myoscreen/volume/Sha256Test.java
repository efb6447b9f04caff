package org.myoscreen.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    @TempDir
    Path dir;

    @Test
    void hashesAFileAsLowerCaseHex() throws Exception {
        // FIPS 180-2, appendix B.1: SHA-256("abc")
        Path f = Files.writeString(dir.resolve("abc"), "abc", StandardCharsets.US_ASCII);
        assertThat(Sha256.ofFile(f)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void hashesAFileLargerThanOneReadBuffer() throws Exception {
        // FIPS 180-2, appendix B.3: SHA-256 of one million 'a'
        Path f = Files.write(dir.resolve("a"), "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        assertThat(Sha256.ofFile(f)).isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void saysWhenTheFileIsAbsent() {
        assertThatThrownBy(() -> Sha256.ofFile(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
    }
}
