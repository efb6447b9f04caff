package org.myoscreen.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;
import org.sqlite.SQLiteConfig;

/**
 * Reads what a node left in its data folder, as an operator would: spool files, the pending job
 * backlog, the ledger (read-only). Stateless; thread-safe.
 */
final class NodeData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeData() {}

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Every spooled instance file {@code spool/<study>/<series>/<sop>.dcm}, by SOP Instance UID. */
    static Map<String, Path> spooledInstances(Path dataDir) {
        Path spool = dataDir.resolve("spool");
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(spool)) {
            return out;
        }
        // listed level by level, not walked: the node writes and renames temporary files (a study's .groups.json)
        // while this reads, and Files.walk fails on an entry that vanishes between listing and visiting it
        try {
            for (Path study : list(spool)) {
                if (study.getFileName().toString().startsWith(".") || !Files.isDirectory(study)) {
                    continue;
                }
                for (Path series : list(study)) {
                    if (!Files.isDirectory(series)) {
                        continue;
                    }
                    for (Path p : list(series)) {
                        String name = p.getFileName().toString();
                        if (name.endsWith(".dcm") && out.put(name.substring(0, name.length() - 4), p) != null) {
                            throw new AssertionError("SOP Instance UID spooled twice: " + p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every regular file under {@code spool/} (instances, temporary files, bookkeeping). */
    static List<Path> allSpoolFiles(Path dataDir) {
        Path spool = dataDir.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jobs in {@code queue/pending/}, in file-name (publication) order. */
    static List<JsonNode> pendingJobs(Path dataDir) {
        Path pending = dataDir.resolve("queue").resolve("pending");
        if (!Files.isDirectory(pending)) {
            return List.of();
        }
        List<JsonNode> jobs = new ArrayList<>();
        try (Stream<Path> files = Files.list(pending)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                jobs.add(JSON.readTree(p.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jobs;
    }

    /** SOP Instance UID (0008,0018) of a Part 10 file. */
    static String sopInstanceUid(Path dicomFile) {
        return Part10Reader.readUntilPixelData(dicomFile)
                .dataset()
                .getString(Tag.SOPInstanceUID)
                .orElseThrow(() -> new AssertionError("no SOP Instance UID in " + dicomFile));
    }

    /** The SOP Instance UIDs the ledger ({@code ledger.db}, opened read-only) lists as stored. */
    static List<String> ledgerInstances(Path dataDir) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = DriverManager.getConnection(
                        "jdbc:sqlite:" + dataDir.resolve("ledger.db").toAbsolutePath(), config.toProperties());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sop_instance_uid FROM instances ORDER BY 1")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError("cannot read the ledger: " + e.getMessage(), e);
        }
    }

    /**
     * The ledger's instances once it holds {@code expected} of them, or what it holds after 30 s: a running node
     * commits its per-instance rows in the background, a few milliseconds after each response (decision 0024).
     */
    static List<String> ledgerInstancesOnceCommitted(Path dataDir, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        List<String> instances = ledgerInstances(dataDir);
        while (instances.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            instances = ledgerInstances(dataDir);
        }
        return instances;
    }

    /** Deletes one instance's row, if any, from the ledger of a node that is not running. */
    static void deleteLedgerInstance(Path dataDir, String sopInstanceUid) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:sqlite:" + dataDir.resolve("ledger.db").toAbsolutePath());
                java.sql.PreparedStatement ps =
                        c.prepareStatement("DELETE FROM instances WHERE sop_instance_uid = ?")) {
            ps.setString(1, sopInstanceUid);
            ps.executeUpdate(); // none when the kill already left it without a row
        } catch (SQLException e) {
            throw new AssertionError("cannot write the ledger: " + e.getMessage(), e);
        }
    }
}
