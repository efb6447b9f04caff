package org.myoscreen.app.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.myoscreen.app.cli.OptionSpec;
import org.myoscreen.app.cli.ParsedArgs;
import org.myoscreen.app.cli.UsageException;
import org.myoscreen.dicom.DicomFile;
import org.myoscreen.dicom.DicomJson;
import org.myoscreen.dicom.Part10Reader;

/** {@code myoscreen dump FILE}: one DICOM file as DICOM JSON (PS3.18 Annex F) on stdout. */
public final class DumpCommand implements Command {
    @Override
    public String name() {
        return "dump";
    }

    @Override
    public String arguments() {
        return "FILE";
    }

    @Override
    public String summary() {
        return "print one DICOM file as DICOM JSON (PS3.18 Annex F) on stdout";
    }

    @Override
    public String description() {
        return "The dataset is printed without its File Meta Information (group 0002), as the DICOM "
                + "JSON model defines it. Binary values (OB, OW, OF, OD, OL, OV, UN) are written as "
                + "InlineBinary (base64). A file that cannot be parsed exits with code 1 and a message "
                + "naming the byte offset and tag.";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public int execute(ParsedArgs args, CommandContext context) {
        if (args.positionals().size() != 1) {
            throw new UsageException(
                    "dump: expected exactly one FILE, got " + args.positionals().size());
        }
        Path file = context.resolve(args.positionals().get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("dump: no such file: " + file);
        }
        DicomFile dicom = Part10Reader.read(file);
        context.out().println(DicomJson.toJson(dicom.dataset()));
        return 0;
    }
}
