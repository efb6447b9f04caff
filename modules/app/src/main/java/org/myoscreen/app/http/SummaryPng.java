package org.myoscreen.app.http;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Reader;
import org.myoscreen.dicom.Tag;

/**
 * Turns a summary image (the node's own secondary capture: 8-bit RGB, interleaved, uncompressed) into a
 * PNG for the admin page, so a result can be checked without a viewer. Stateless.
 */
final class SummaryPng {
    private SummaryPng() {}

    /**
     * @param scFile an {@code sc-N.dcm} of the results
     * @return the PNG bytes
     * @throws IllegalArgumentException when the file is not 8-bit interleaved RGB
     * @throws UncheckedIOException when it cannot be encoded
     */
    static byte[] png(Path scFile) {
        Attributes ds = Part10Reader.read(scFile).dataset();
        int rows = ds.getInt(Tag.Rows, 0);
        int columns = ds.getInt(Tag.Columns, 0);
        byte[] rgb = ds.getBytes(Tag.PixelData).orElse(new byte[0]);
        if (ds.getInt(Tag.SamplesPerPixel, 0) != 3
                || ds.getInt(Tag.BitsAllocated, 0) != 8
                || ds.getInt(Tag.PlanarConfiguration, 0) != 0
                || rgb.length < rows * columns * 3
                || rows == 0) {
            throw new IllegalArgumentException(scFile.getFileName() + " is not an 8-bit interleaved RGB image");
        }
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        for (int y = 0, i = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++, i += 3) {
                image.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | rgb[i + 2] & 0xff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + scFile.getFileName() + " as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
