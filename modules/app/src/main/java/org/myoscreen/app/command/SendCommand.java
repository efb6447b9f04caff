package org.myoscreen.app.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.dicom.DicomException;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.net.Association;
import org.myoscreen.dicom.net.DicomConnector;
import org.myoscreen.dicom.net.DicomNetException;
import org.myoscreen.dicom.net.PresentationContext;
import org.myoscreen.dicom.net.StoreResult;
import org.myoscreen.pipeline.delivery.Destination;

/**
 * {@code myoscreen send AE@HOST:PORT PATH...}: C-STORE (PS3.7 9.1.1) of Part 10 files, folders
 * searched recursively, over one association, with the peer's status per instance.
 */
public final class SendCommand implements Command {
    /** PS3.8 allows 128 presentation contexts (odd IDs 1 to 255) in one association. */
    private static final int MAX_CONTEXTS = 128;

    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

    @Override
    public String name() {
        return "send";
    }

    @Override
    public String arguments() {
        return "AE@HOST:PORT PATH...";
    }

    @Override
    public String summary() {
        return "C-STORE DICOM files or folders to a peer";
    }

    @Override
    public String description() {
        return "Folders are searched recursively; files that are not DICOM Part 10 are skipped with a "
                + "note. Each SOP class is proposed with the files' own transfer syntax plus Explicit and "
                + "Implicit VR Little Endian; the dataset is converted between the two Little Endian "
                + "syntaxes when the peer accepts only the other. Prints one line per instance that did "
                + "not succeed (every instance with --verbose), progress every 2 s on stderr, and a "
                + "summary. Exit code 0 when every instance got Success or a Warning, 1 otherwise.";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> specs = new ArrayList<>(PeerOptions.specs());
        specs.add(OptionSpec.flag("verbose", "print the status of every instance"));
        return specs;
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) {
        if (args.positionals().size() < 2) {
            throw new UsageException("send: expected AE@HOST:PORT and at least one PATH");
        }
        Destination peer = Peers.parse("send", args.positionals().get(0));
        List<Path> files = new ArrayList<>();
        for (String p : args.positionals().subList(1, args.positionals().size())) {
            Path path = context.resolve(p);
            if (!Files.exists(path)) {
                throw new UsageException("send: no such file or folder: " + path);
            }
            files.addAll(dicomFiles(path, context));
        }
        if (files.isEmpty()) {
            context.err().println("myoscreen send: no DICOM Part 10 files found");
            return 1;
        }
        List<PresentationContext> proposals = DicomConnector.proposalsFor(files);
        if (proposals.size() > MAX_CONTEXTS) {
            throw new UsageException("send: the files hold " + proposals.size() + " SOP classes, more " + "than the "
                    + MAX_CONTEXTS + " presentation contexts one association can carry");
        }
        boolean verbose = args.has("verbose");
        int success = 0;
        int warning = 0;
        int failure = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long lastProgress = start;
        try (Association association = DicomConnector.open(
                PeerOptions.request("send", peer, args).propose(proposals).build())) {
            for (Path file : files) {
                StoreResult result;
                try {
                    result = association.store(file);
                } catch (DicomNetException e) {
                    if (e.retriable()) {
                        throw e;
                    }
                    failure++;
                    context.out().println("FAILED  " + file + ": " + e.getMessage());
                    continue;
                }
                bytes += sizeOf(file);
                switch (result.status().category()) {
                    case SUCCESS:
                        success++;
                        break;
                    case WARNING:
                        warning++;
                        break;
                    default:
                        failure++;
                        break;
                }
                if (verbose || !result.status().isSuccess()) {
                    context.out()
                            .println(result.status().category() + " "
                                    + result.status().hex() + " "
                                    + file + " sop_instance=" + result.sopInstanceUid()
                                    + result.errorComment()
                                            .map(c -> " comment=\"" + c + "\"")
                                            .orElse(""));
                }
                long now = System.nanoTime();
                if (now - lastProgress > PROGRESS_INTERVAL_NANOS) {
                    context.err().printf("send: %d of %d instances%n", success + warning + failure, files.size());
                    lastProgress = now;
                }
            }
            association.release();
        } catch (DicomNetException e) {
            context.err()
                    .println("myoscreen send: " + peer + ": " + e.getMessage() + " (" + (success + warning + failure)
                            + " of " + files.size() + " instances sent)");
            return 1;
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        context.out()
                .printf(
                        "sent %d instances to %s: %d success, %d warning, %d failure; "
                                + "%.1f MB in %.1f s (%.1f MB/s)%n",
                        files.size(), peer, success, warning, failure, bytes / 1e6, seconds, bytes / 1e6 / seconds);
        return failure == 0 ? 0 : 1;
    }

    private static List<Path> dicomFiles(Path path, CommandContext context) {
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).sorted().forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + path, e);
            }
        } else {
            candidates.add(path);
        }
        List<Path> dicom = new ArrayList<>();
        for (Path candidate : candidates) {
            if (isPart10(candidate)) {
                dicom.add(candidate);
            } else {
                context.err().println("send: skipped " + candidate + ": not a DICOM Part 10 file");
            }
        }
        return dicom;
    }

    /** A file with a File Meta Information header; only the header is read, not the dataset. */
    private static boolean isPart10(Path file) {
        try (Part10Reader reader = new Part10Reader(
                new java.io.BufferedInputStream(Files.newInputStream(file)), file.toString(), Files.size(file))) {
            return !reader.readFileMetaInformation().isEmpty();
        } catch (DicomException | IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
