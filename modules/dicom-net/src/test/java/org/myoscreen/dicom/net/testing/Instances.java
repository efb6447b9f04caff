package org.myoscreen.dicom.net.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.DataElement;
import org.myoscreen.dicom.DatasetReader;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.dicom.testing.TestDatasets;

/** Test instances on disk and dataset comparison. */
public final class Instances {
    private Instances() {}

    /** A 512x512 16-bit MR image written as Part 10 in {@code ts}. */
    public static Attributes writeMr(Path file, TransferSyntax ts, int instanceNumber) {
        Attributes ds = TestDatasets.mrImage(512, 512);
        ds.setInt(Tag.InstanceNumber, VR.IS, instanceNumber);
        Part10Writer.write(file, ds, ts);
        return ds;
    }

    /** A small CT image (a SOP class the node does not accept). */
    public static Attributes writeCt(Path file) {
        Attributes ds = TestDatasets.mrImage(16, 16);
        ds.setString(Tag.SOPClassUID, VR.UI, Uids.CT_IMAGE_STORAGE);
        ds.setString(Tag.Modality, VR.CS, "CT");
        Part10Writer.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        return ds;
    }

    public static Attributes parse(byte[] dataset, String transferSyntaxUid) {
        return new DatasetReader(new ByteArrayInputStream(dataset), TransferSyntax.of(transferSyntaxUid), "received")
                .read();
    }

    /** Same tags and same value bytes for every element (VRs may differ after Implicit VR). */
    public static void assertSameContent(Attributes actual, Attributes expected) {
        assertThat(actual.tags()).as("tags").containsExactly(expected.tags());
        for (DataElement e : expected) {
            int tag = e.tag();
            assertThat(actual.getBytes(tag))
                    .as("value of %s", Tag.toString(tag))
                    .isPresent();
            assertThat(actual.getBytes(tag).get())
                    .as("value of %s", Tag.toString(tag))
                    .isEqualTo(expected.getBytes(tag).get());
        }
    }
}
