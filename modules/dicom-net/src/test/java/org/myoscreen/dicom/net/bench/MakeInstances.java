package org.myoscreen.dicom.net.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;

/**
 * Writes the benchmark's input once: N MR instances of 512x512 (or SIZE x SIZE) 16-bit (12 bits stored) noise, one
 * series, Explicit VR Little Endian. Usage: {@code MakeInstances DIR COUNT [SIZE [STUDIES]]}; with STUDIES, writes
 * that many new studies (new study, series and instance UIDs, same pixels) into {@code DIR/study-1} ... so that
 * no receiver can skip an instance as a duplicate.
 */
public final class MakeInstances {
    private MakeInstances() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        if (args.length > 3) {
            for (int k = 1; k <= Integer.parseInt(args[3]); k++) {
                write(Path.of(args[0], "study-" + k), count, size);
            }
        } else {
            write(Path.of(args[0]), count, size);
        }
    }

    private static void write(Path folder, int count, int size) throws Exception {
        Path dir = Files.createDirectories(folder);
        Random random = new Random(1);
        Attributes template = TestDatasets.mrImage(size, size);
        for (int i = 1; i <= count; i++) {
            Attributes ds = template.copy();
            ds.setString(Tag.SOPInstanceUID, VR.UI, org.myoscreen.dicom.Uids.newUid());
            ds.setInt(Tag.InstanceNumber, VR.IS, i);
            byte[] pixels = new byte[size * size * 2];
            for (int p = 0; p < pixels.length; p += 2) {
                int v = random.nextInt(4096);
                pixels[p] = (byte) v;
                pixels[p + 1] = (byte) (v >>> 8);
            }
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            Part10Writer.write(
                    dir.resolve(String.format("mr%04d.dcm", i)), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
    }
}
