package org.myoscreen.pipeline.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.myoscreen.volume.Sha256;

/**
 * The one check that a {@link JobFile} is still the instance that was spooled: its size, then (reading the file
 * once) its SHA-256. Used by the in-process worker's processor and by the Kafka worker's claim-check store, so
 * both judge a file by the same rule and say the same thing about it.
 */
public final class JobFileCheck {

    private JobFileCheck() {}

    /**
     * Verifies one job file.
     *
     * @param file the job file as published (size and SHA-256 recorded at spooling)
     * @param readAt where the file is readable in this process (its published path, or the same file on a mount)
     * @throws JobProcessingException naming the file and its SOP Instance UID: not retriable when the file is
     *     absent or does not match; retriable when it could not be read (the cause may pass)
     */
    public static void verify(JobFile file, Path readAt) {
        String what = "file " + readAt + " (SOP Instance UID " + file.sopInstanceUid() + ")";
        long sizeBytes;
        try {
            sizeBytes = Files.size(readAt);
        } catch (NoSuchFileException e) {
            throw new JobProcessingException(what + " is absent (missing from the spool)", false, e);
        } catch (IOException e) {
            throw new JobProcessingException(what + " is unreadable: " + e, true, e);
        }
        if (sizeBytes != file.sizeBytes()) {
            // no need to read it: a file of another size is another file
            throw new JobProcessingException(
                    what + " does not match what was spooled: " + sizeBytes + " bytes, the job says " + file.sizeBytes()
                            + " bytes",
                    false);
        }
        String sha256 = sha256(readAt, what);
        if (!sha256.equals(file.sha256())) {
            throw new JobProcessingException(
                    what + " does not match what was spooled: SHA-256 " + sha256 + ", the job says " + file.sha256(),
                    false);
        }
    }

    private static String sha256(Path file, String what) {
        try {
            return Sha256.ofFile(file);
        } catch (NoSuchFileException e) {
            throw new JobProcessingException(what + " is absent (missing from the spool)", false, e);
        } catch (IOException e) {
            throw new JobProcessingException(what + " is unreadable: " + e, true, e);
        }
    }
}
