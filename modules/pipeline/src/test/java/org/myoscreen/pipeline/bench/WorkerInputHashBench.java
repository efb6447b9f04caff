package org.myoscreen.pipeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.myoscreen.pipeline.jobs.JobFile;
import org.myoscreen.pipeline.jobs.JobFileCheck;
import org.myoscreen.pipeline.kafka.SharedFilesystemClaimCheckStore;

/**
 * Benchmark (not a test), issue 13 item 8: what a Kafka worker saves by hashing a job's inputs once. Writes COUNT
 * files of BYTES each (one series), then times, alternating, ROUNDS times each: the worker's input checks before
 * the fix (the claim-check store's size + SHA-256 check of every file, then the processor's same check again) and
 * after it (the claim-check store's only). The files stay in the page cache, as a shared volume's recently
 * written files usually are, so the figure is hashing time, not disk time. Prints medians and their ratio.
 *
 * <p>Usage: {@code WorkerInputHashBench DIR [COUNT] [BYTES] [ROUNDS]} (defaults 150 files of 512 KiB, 7 rounds).
 */
public final class WorkerInputHashBench {

    private WorkerInputHashBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args DIR [COUNT] [BYTES] [ROUNDS]
     * @throws Exception when the files cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 512 * 1024;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        List<JobFile> files = write(dir, count, bytes);
        SharedFilesystemClaimCheckStore store = new SharedFilesystemClaimCheckStore(dir, dir);
        long[] twice = new long[rounds];
        long[] once = new long[rounds];
        for (int r = -1; r < rounds; r++) { // round -1 warms the JIT and the page cache
            long t0 = System.nanoTime();
            for (JobFile f : files) {
                JobFile local = store.fetch(f);
                JobFileCheck.verify(local, local.path()); // the processor's second check, before the fix
            }
            long t1 = System.nanoTime();
            for (JobFile f : files) {
                store.fetch(f);
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                twice[r] = t1 - t0;
                once[r] = t2 - t1;
            }
        }
        double before = median(twice) / 1e6;
        double after = median(once) / 1e6;
        System.out.printf(
                "files=%d bytes_each=%d rounds=%d before_hash_twice_ms=%.1f after_hash_once_ms=%.1f"
                        + " saved_ms=%.1f ratio_before_over_after=%.2f%n",
                count, bytes, rounds, before, after, before - after, before / after);
    }

    private static List<JobFile> write(Path dir, int count, int bytes) throws Exception {
        Random random = new Random(17);
        byte[] content = new byte[bytes];
        List<JobFile> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            random.nextBytes(content);
            Path f = dir.resolve("IM" + i + ".dcm");
            Files.write(f, content);
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            files.add(new JobFile("1.2.3.1", "1.2.3.1." + i, f.toAbsolutePath(), bytes, sha));
        }
        return files;
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
