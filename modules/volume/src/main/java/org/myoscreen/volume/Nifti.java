package org.myoscreen.volume;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * NIfTI-1 single-file ({@code .nii}, and gzipped {@code .nii.gz} by file name) read and write for
 * 3D scalar images and label maps.
 *
 * <p>Coordinates: NIfTI's world space is RAS (+x towards the patient's right), DICOM's is LPS
 * (+x towards the patient's left); the two differ by negating x and y. Reading
 * takes the sform when {@code sform_code > 0}, else the qform (quaternion, with qfac) when
 * {@code qform_code > 0}, else the pixdim scaling alone, and converts it to LPS. Writing stores the
 * exact affine as sform (code 1, scanner) and its nearest rigid part as qform (code 1).
 *
 * <p>Reads datatypes uint8, int8, int16, uint16, int32, uint32, float32, float64, either byte
 * order, applying {@code scl_slope}/{@code scl_inter} when the slope is non-zero. Writes little
 * endian: images as float32, label maps as int16. Stateless and thread-safe; failures throw
 * {@link VolumeException} ({@code INVALID_NIFTI}) naming the file.
 */
public final class Nifti {

    private static final int HEADER_SIZE = 348;
    private static final int VOX_OFFSET = 352;
    private static final short DT_UINT8 = 2;
    private static final short DT_INT16 = 4;
    private static final short DT_INT32 = 8;
    private static final short DT_FLOAT32 = 16;
    private static final short DT_FLOAT64 = 64;
    private static final short DT_INT8 = 256;
    private static final short DT_UINT16 = 512;
    private static final short DT_UINT32 = 768;

    private Nifti() {}

    /** Reads an image; voxel values after {@code scl_slope}/{@code scl_inter}. */
    public static Volume read(Path file) {
        byte[] bytes = readAll(file);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < HEADER_SIZE) {
            throw invalid(file, "file shorter than the 348-byte header");
        }
        if (b.getInt(0) != HEADER_SIZE) {
            b.order(ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != HEADER_SIZE) {
                throw invalid(file, "sizeof_hdr is not 348 in either byte order");
            }
        }
        String magic = new String(bytes, 344, 3, StandardCharsets.US_ASCII);
        if (!magic.equals("n+1")) {
            throw invalid(file, "magic '" + magic + "' is not n+1 (only single-file NIfTI-1 is supported)");
        }
        int rank = b.getShort(40);
        if (rank < 1 || rank > 7) {
            throw invalid(file, "dim[0] = " + rank);
        }
        int[] dim = {1, 1, 1};
        for (int d = 1; d <= rank; d++) {
            int n = b.getShort(40 + 2 * d);
            if (d <= 3) {
                dim[d - 1] = n;
            } else if (n > 1) {
                throw invalid(file, "only 3D images are supported, dim[" + d + "] = " + n);
            }
        }
        short datatype = b.getShort(70);
        float voxOffset = b.getFloat(108);
        float slope = b.getFloat(112);
        float inter = b.getFloat(116);
        Affine ras = rasAffine(file, b);
        Grid grid;
        try {
            grid = new Grid(dim[0], dim[1], dim[2], ras.flipXy());
        } catch (IllegalArgumentException e) {
            throw new VolumeException(file.toString(), VolumeException.Problem.INVALID_NIFTI, e.getMessage(), e);
        }
        int n = grid.size();
        int offset = (int) voxOffset;
        int bytesPer = bytesPerVoxel(file, datatype);
        if ((long) offset + (long) n * bytesPer > bytes.length) {
            throw invalid(file, "data ends before " + n + " voxels of datatype " + datatype);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int p = offset + i * bytesPer;
            out[i] = switch (datatype) {
                case DT_UINT8 -> b.get(p) & 0xFF;
                case DT_INT8 -> b.get(p);
                case DT_INT16 -> b.getShort(p);
                case DT_UINT16 -> b.getShort(p) & 0xFFFF;
                case DT_INT32 -> b.getInt(p);
                case DT_UINT32 -> b.getInt(p) & 0xFFFFFFFFL;
                case DT_FLOAT32 -> b.getFloat(p);
                default -> (float) b.getDouble(p);
            };
        }
        if (slope != 0 && Float.isFinite(slope) && !(slope == 1 && inter == 0)) {
            for (int i = 0; i < n; i++) {
                out[i] = out[i] * slope + inter;
            }
        }
        return new Volume(grid, out);
    }

    /**
     * Reads a label map: values are rounded to the nearest integer and must fit in a
     * {@code short}.
     */
    public static LabelMap readLabels(Path file) {
        Volume v = read(file);
        float[] f = v.voxels();
        short[] s = new short[f.length];
        for (int i = 0; i < f.length; i++) {
            long r = Math.round(f[i]);
            if (r < Short.MIN_VALUE || r > Short.MAX_VALUE) {
                throw invalid(file, "label value " + f[i] + " at voxel " + i + " does not fit a short");
            }
            s[i] = (short) r;
        }
        return new LabelMap(v.grid(), s);
    }

    /** Writes an image as float32. */
    public static void write(Path file, Volume volume) {
        float[] v = volume.voxels();
        ByteBuffer data = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(v);
        writeFile(file, volume.grid(), DT_FLOAT32, 32, data.array());
    }

    /** Writes a label map as int16. */
    public static void write(Path file, LabelMap labels) {
        short[] v = labels.labels();
        ByteBuffer data = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.asShortBuffer().put(v);
        writeFile(file, labels.grid(), DT_INT16, 16, data.array());
    }

    private static Affine rasAffine(Path file, ByteBuffer b) {
        short qformCode = b.getShort(252);
        short sformCode = b.getShort(254);
        if (sformCode > 0) {
            double[] m = new double[16];
            for (int i = 0; i < 12; i++) {
                m[i] = b.getFloat(280 + 4 * i);
            }
            m[15] = 1;
            return affineOrFail(file, m);
        }
        float[] pixdim = new float[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        double dx = pixdim[1] > 0 ? pixdim[1] : 1;
        double dy = pixdim[2] > 0 ? pixdim[2] : 1;
        double dz = pixdim[3] > 0 ? pixdim[3] : 1;
        if (qformCode > 0) {
            double qb = b.getFloat(256);
            double qc = b.getFloat(260);
            double qd = b.getFloat(264);
            double qa = Math.sqrt(Math.max(0, 1 - (qb * qb + qc * qc + qd * qd)));
            double qfac = pixdim[0] < 0 ? -1 : 1;
            double[][] r = {
                {qa * qa + qb * qb - qc * qc - qd * qd, 2 * (qb * qc - qa * qd), 2 * (qb * qd + qa * qc)},
                {2 * (qb * qc + qa * qd), qa * qa + qc * qc - qb * qb - qd * qd, 2 * (qc * qd - qa * qb)},
                {2 * (qb * qd - qa * qc), 2 * (qc * qd + qa * qb), qa * qa + qd * qd - qc * qc - qb * qb}
            };
            double[] s = {dx, dy, dz * qfac};
            double[] off = {b.getFloat(268), b.getFloat(272), b.getFloat(276)};
            double[] m = new double[16];
            for (int row = 0; row < 3; row++) {
                for (int c = 0; c < 3; c++) {
                    m[row * 4 + c] = r[row][c] * s[c];
                }
                m[row * 4 + 3] = off[row];
            }
            m[15] = 1;
            return affineOrFail(file, m);
        }
        // Method 1 of the NIfTI-1 header: no orientation, just voxel sizes.
        return affineOrFail(file, new double[] {dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0, 0, 0, 0, 1});
    }

    private static Affine affineOrFail(Path file, double[] m) {
        try {
            return Affine.of(m);
        } catch (IllegalArgumentException e) {
            throw new VolumeException(file.toString(), VolumeException.Problem.INVALID_NIFTI, e.getMessage(), e);
        }
    }

    private static int bytesPerVoxel(Path file, short datatype) {
        return switch (datatype) {
            case DT_UINT8, DT_INT8 -> 1;
            case DT_INT16, DT_UINT16 -> 2;
            case DT_INT32, DT_UINT32, DT_FLOAT32 -> 4;
            case DT_FLOAT64 -> 8;
            default -> throw invalid(file, "unsupported datatype " + datatype);
        };
    }

    private static void writeFile(Path file, Grid grid, short datatype, int bitpix, byte[] data) {
        if (grid.nx() > Short.MAX_VALUE || grid.ny() > Short.MAX_VALUE || grid.nz() > Short.MAX_VALUE) {
            throw invalid(file, "dimension above 32767 cannot be written to NIfTI-1");
        }
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_SIZE);
        h.put(38, (byte) 'r');
        h.putShort(40, (short) 3);
        h.putShort(42, (short) grid.nx());
        h.putShort(44, (short) grid.ny());
        h.putShort(46, (short) grid.nz());
        for (int d = 4; d <= 7; d++) {
            h.putShort(40 + 2 * d, (short) 1);
        }
        h.putShort(70, datatype);
        h.putShort(72, (short) bitpix);
        Affine ras = grid.affine().flipXy();
        double[] spacing = grid.spacingMm();
        // Quaternion of the rigid part (columns normalised; a left-handed frame flips the third
        // column and records qfac = -1 in pixdim[0], as NIfTI-1 prescribes).
        double[][] r = new double[3][3];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < 3; row++) {
                r[row][c] = ras.get(row, c) / spacing[c];
            }
        }
        double qfac = 1;
        if (ras.determinant() < 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        double[] q = quaternion(r);
        h.putFloat(76, (float) qfac);
        h.putFloat(80, (float) spacing[0]);
        h.putFloat(84, (float) spacing[1]);
        h.putFloat(88, (float) spacing[2]);
        h.putFloat(92, 1f);
        h.putFloat(108, VOX_OFFSET);
        h.putFloat(112, 1f);
        h.putFloat(116, 0f);
        h.put(123, (byte) 2); // xyzt_units: mm
        byte[] descrip = "myoscreen".getBytes(StandardCharsets.US_ASCII);
        h.put(148, descrip);
        h.putShort(252, (short) 1);
        h.putShort(254, (short) 1);
        h.putFloat(256, (float) q[1]);
        h.putFloat(260, (float) q[2]);
        h.putFloat(264, (float) q[3]);
        h.putFloat(268, (float) ras.get(0, 3));
        h.putFloat(272, (float) ras.get(1, 3));
        h.putFloat(276, (float) ras.get(2, 3));
        for (int row = 0; row < 3; row++) {
            for (int c = 0; c < 4; c++) {
                h.putFloat(280 + 16 * row + 4 * c, (float) ras.get(row, c));
            }
        }
        h.put(344, (byte) 'n');
        h.put(345, (byte) '+');
        h.put(346, (byte) '1');
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                    OutputStream out = isGzip(file) ? new GZIPOutputStream(raw, 1 << 16) : raw) {
                out.write(h.array());
                out.write(data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write NIfTI " + file, e);
        }
    }

    /** Unit quaternion (a, b, c, d) with a >= 0 of a proper rotation matrix. */
    private static double[] quaternion(double[][] r) {
        double trace = r[0][0] + r[1][1] + r[2][2];
        double a;
        double b;
        double c;
        double d;
        if (trace > 0) {
            a = 0.5 * Math.sqrt(1 + trace);
            b = (r[2][1] - r[1][2]) / (4 * a);
            c = (r[0][2] - r[2][0]) / (4 * a);
            d = (r[1][0] - r[0][1]) / (4 * a);
        } else if (r[0][0] >= r[1][1] && r[0][0] >= r[2][2]) {
            b = 0.5 * Math.sqrt(Math.max(0, 1 + r[0][0] - r[1][1] - r[2][2]));
            a = (r[2][1] - r[1][2]) / (4 * b);
            c = (r[0][1] + r[1][0]) / (4 * b);
            d = (r[0][2] + r[2][0]) / (4 * b);
        } else if (r[1][1] >= r[2][2]) {
            c = 0.5 * Math.sqrt(Math.max(0, 1 + r[1][1] - r[0][0] - r[2][2]));
            a = (r[0][2] - r[2][0]) / (4 * c);
            b = (r[0][1] + r[1][0]) / (4 * c);
            d = (r[1][2] + r[2][1]) / (4 * c);
        } else {
            d = 0.5 * Math.sqrt(Math.max(0, 1 + r[2][2] - r[0][0] - r[1][1]));
            a = (r[1][0] - r[0][1]) / (4 * d);
            b = (r[0][2] + r[2][0]) / (4 * d);
            c = (r[1][2] + r[2][1]) / (4 * d);
        }
        if (a < 0) {
            a = -a;
            b = -b;
            c = -c;
            d = -d;
        }
        return new double[] {a, b, c, d};
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }

    private static byte[] readAll(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream in = isGzip(file) ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new VolumeException(file.toString(), VolumeException.Problem.INVALID_NIFTI, "cannot read: " + e, e);
        }
    }

    private static VolumeException invalid(Path file, String detail) {
        return new VolumeException(file.toString(), VolumeException.Problem.INVALID_NIFTI, detail);
    }
}
