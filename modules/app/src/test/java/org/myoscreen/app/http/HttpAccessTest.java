package org.myoscreen.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpAccessTest {
    private static final String TOKEN = "0123456789abcdef0123";

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hashMadeByTheDocumentedPythonOneLinerMatchesItsPasswordOnly() throws Exception {
        // the recipe of docs/admin-api.md, with the password from stdin instead of getpass
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-c",
                        "import base64,sys,hashlib,os; s=os.urandom(16); n=20000; "
                                + "h=hashlib.pbkdf2_hmac('sha256', sys.stdin.readline().rstrip('\\n').encode(), s, n); "
                                + "print('pbkdf2-sha256$%d$%s$%s' % (n, base64.b64encode(s).decode(), base64.b64encode(h).decode()))")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write("correct horse ünïcode\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        PasswordHash hash = PasswordHash.parse(text);
        assertThat(hash.matches("correct horse ünïcode")).isTrue();
        assertThat(hash.matches("correct horse unicode")).isFalse();
        assertThat(hash.toString()).doesNotContain(text.substring(text.lastIndexOf('$') + 1));
    }

    @Test
    void weakOrMalformedHashesAreRefusedWithoutEchoingThem() {
        assertThat(PasswordHash.problem("plain-password"))
                .hasValueSatisfying(m ->
                        assertThat(m).doesNotContain("plain-password").contains("pbkdf2-sha256$ITERATIONS$SALT$HASH"));
        assertThat(PasswordHash.problem(PasswordHash.create("pw", 20_000).replace("$20000$", "$1000$")))
                .hasValueSatisfying(m -> assertThat(m).contains("10000 iterations"));
    }

    @Test
    void tokenWorksAsBearerAndAsBasicPasswordAndNothingElseDoes() {
        HttpAccess access = new HttpAccess("0.0.0.0", Optional.of(TOKEN), Optional.empty(), Optional.empty(), "c");

        assertThat(access.authenticate(Optional.of("Bearer " + TOKEN))).contains(new HttpAccess.Principal("token"));
        assertThat(access.authenticate(Optional.of(basic("alice", TOKEN)))).isPresent();
        assertThat(access.authenticate(Optional.of("Bearer " + TOKEN + "x"))).isEmpty();
        assertThat(access.authenticate(Optional.of(basic("alice", "nope")))).isEmpty();
        assertThat(access.authenticate(Optional.of("Basic !!notbase64"))).isEmpty();
        assertThat(access.authenticate(Optional.empty())).isEmpty();
    }

    @Test
    void basicAuthNeedsTheUserAndThePassword() {
        HttpAccess access = new HttpAccess(
                "10.0.0.1",
                Optional.empty(),
                Optional.of("pacsadmin"),
                Optional.of(PasswordHash.parse(PasswordHash.create("s3cret", 20_000))),
                "c");

        assertThat(access.authenticate(Optional.of(basic("pacsadmin", "s3cret"))))
                .contains(new HttpAccess.Principal("pacsadmin"));
        assertThat(access.authenticate(Optional.of(basic("other", "s3cret")))).isEmpty();
        assertThat(access.authenticate(Optional.of(basic("pacsadmin", "S3cret"))))
                .isEmpty();
        assertThat(access.toString()).doesNotContain("pbkdf2");
    }

    @Test
    void loopbackWithoutCredentialLetsEveryoneInAndCsrfStillHolds() {
        HttpAccess access = HttpAccess.loopbackOnly();

        assertThat(access.authenticate(Optional.empty())).contains(new HttpAccess.Principal("anonymous"));
        assertThat(access.csrfValid(Optional.of(access.csrfToken()))).isTrue();
        assertThat(access.csrfValid(Optional.of(access.csrfToken() + "0"))).isFalse();
        assertThat(access.csrfValid(Optional.empty())).isFalse();
        assertThat(HttpAccess.isLoopback("127.0.0.1")).isTrue();
        assertThat(HttpAccess.isLoopback("::1")).isTrue();
        assertThat(HttpAccess.isLoopback("0.0.0.0")).isFalse();
    }

    @Test
    void userWithoutHashIsRefused() {
        assertThatThrownBy(() -> new HttpAccess("127.0.0.1", Optional.empty(), Optional.of("u"), Optional.empty(), "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("go together");
    }
}
