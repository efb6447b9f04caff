package org.myoscreen.pipeline.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.myoscreen.pipeline.delivery.Destination;
import org.myoscreen.pipeline.jobs.Job;
import org.myoscreen.pipeline.jobs.JobFile;

/** Test support: jobs whose claim checks point at real files. */
final class TestJobs {

    private TestJobs() {}

    /** A job of {@code files} small spooled "instances" written under {@code spool}. */
    static Job job(Path spool, String study, int files) throws IOException {
        Path dir = Files.createDirectories(spool.resolve(study));
        List<JobFile> list = new ArrayList<>();
        for (int i = 1; i <= files; i++) {
            Path f = dir.resolve(i + ".dcm");
            byte[] content = ("instance " + study + "." + i).getBytes(StandardCharsets.UTF_8);
            Files.write(f, content);
            list.add(new JobFile(study + ".1", study + ".1." + i, f, content.length, sha256(content)));
        }
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        return new Job(
                study,
                "0123456789abcdef",
                1,
                "dixon",
                "paraspinal-v1",
                List.of(Destination.parse("PACS@127.0.0.1:104")),
                "SCANNER",
                List.of(study + ".1"),
                list,
                t,
                t.plusSeconds(5),
                t.plusSeconds(40));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
