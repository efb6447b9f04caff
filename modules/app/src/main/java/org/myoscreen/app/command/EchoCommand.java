package org.myoscreen.app.command;

import java.util.List;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.net.Association;
import org.myoscreen.dicom.net.DicomConnector;
import org.myoscreen.dicom.net.DicomNetException;
import org.myoscreen.dicom.net.DimseStatus;
import org.myoscreen.dicom.net.PresentationContext;
import org.myoscreen.pipeline.delivery.Destination;

/** {@code myoscreen echo AE@HOST:PORT}: C-ECHO (Verification, PS3.7 9.1.5) to a peer. */
public final class EchoCommand implements Command {
    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String arguments() {
        return "AE@HOST:PORT";
    }

    @Override
    public String summary() {
        return "C-ECHO a peer (Verification SOP class)";
    }

    @Override
    public String description() {
        return "Opens an association proposing Verification, sends one C-ECHO, prints the status and "
                + "the round-trip time, and releases. Exit code 0 when the peer answered Success, 1 when "
                + "it rejected the association, answered another status or could not be reached.";
    }

    @Override
    public List<OptionSpec> options() {
        return PeerOptions.specs();
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) {
        if (args.positionals().size() != 1) {
            throw new UsageException("echo: expected exactly one AE@HOST:PORT");
        }
        Destination peer = Peers.parse("echo", args.positionals().get(0));
        long start = System.nanoTime();
        try (Association association = DicomConnector.open(PeerOptions.request("echo", peer, args)
                .propose(PresentationContext.uncompressed(Uids.VERIFICATION))
                .build())) {
            DimseStatus status = association.echo();
            association.release();
            long ms = (System.nanoTime() - start) / 1_000_000;
            context.out()
                    .println("C-ECHO " + peer + ": status " + status.hex() + " (" + status.category() + ") in " + ms
                            + " ms");
            return status.isSuccess() ? 0 : 1;
        } catch (DicomNetException e) {
            context.err().println("myoscreen echo: " + peer + ": " + e.getMessage());
            return 1;
        }
    }
}
