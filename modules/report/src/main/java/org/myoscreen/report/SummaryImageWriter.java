package org.myoscreen.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.myoscreen.analysis.AnalysisResult;
import org.myoscreen.analysis.Measurements;
import org.myoscreen.analysis.Region;
import org.myoscreen.analysis.RiskResult;
import org.myoscreen.analysis.VertebralLevel;
import org.myoscreen.analysis.ZScores;
import org.myoscreen.dicom.Attributes;
import org.myoscreen.dicom.Part10Writer;
import org.myoscreen.dicom.Tag;
import org.myoscreen.dicom.TransferSyntax;
import org.myoscreen.dicom.Uids;
import org.myoscreen.dicom.VR;
import org.myoscreen.report.internal.CommonModules;
import org.myoscreen.volume.Affine;
import org.myoscreen.volume.Grid;
import org.myoscreen.volume.LabelMap;
import org.myoscreen.volume.Volume;

/**
 * Draws the summary images and wraps each as a Secondary Capture Image (PS3.3 A.8.1; SC Equipment
 * C.8.6.1, SC Image C.8.6.2), RGB, 8 bits, burned-in annotation: key axial slices (the L3 mid-level
 * and a thoracic mid-level, from the analysis levels) with the coloured segment overlay and a
 * legend, and one image with the table of values, z-scores, risk flags, the reference population and
 * the research-use statement — readable in any viewer.
 *
 * <p>Axial slices are resampled (nearest neighbour) on a plane of constant z through the volume,
 * in radiological display: the patient's right on the image's left (+x to the right), anterior at
 * the top. Java2D into a {@link BufferedImage} only, so no display is needed; text uses the JDK's
 * logical font "SansSerif" (on Debian, fontconfig and fonts-dejavu-core provide the glyphs).
 * Stateless and thread-safe.
 */
public final class SummaryImageWriter {

    /** Series Number of the summary series. */
    public static final int SERIES_NUMBER = 9903;
    /** Series Description of the summary series. */
    public static final String SERIES_DESCRIPTION = "myoscreen summary (research use)";
    /** Object kind in {@link ReportContext#uid}. */
    public static final String KIND = "sc";
    /** The statement burned into every summary image. */
    public static final String STATEMENT = "Research use only \u2014 not a diagnosis";

    private static final int PANEL = 480;
    private static final int LEGEND = 240;
    private static final int HEADER = 44;
    private static final int FOOTER = 36;
    private static final double ALPHA = 0.5;

    private SummaryImageWriter() {}

    /** One rendered summary image and its DICOM dataset. */
    public record SummaryImage(String title, BufferedImage image, Attributes dataset) {

        /** Writes the dataset as a Part 10 file, Explicit VR Little Endian (not fsynced). */
        public void write(Path file) {
            Part10Writer.write(file, dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
    }

    /** Renders the key slices (those the levels allow) and the table; instance numbers 1.. in that order. */
    public static List<SummaryImage> create(ReportContext context, SummaryInput input) {
        List<SummaryImage> out = new ArrayList<>();
        for (KeySlice key : keySlices(input)) {
            BufferedImage img = renderSlice(input, key);
            out.add(wrap(context, input.source(), out.size() + 1, key.title(), img));
        }
        out.add(wrap(
                context, input.source(), out.size() + 1, "Values, z-scores and flags", renderTable(context, input)));
        return List.copyOf(out);
    }

    private record KeySlice(String title, double zMm) {}

    private static List<KeySlice> keySlices(SummaryInput input) {
        List<KeySlice> keys = new ArrayList<>();
        AnalysisResult r = input.analysis();
        Optional<VertebralLevel> l3 = r.levels().level("L3");
        if (l3.isPresent()) {
            keys.add(new KeySlice("L3 mid-level", l3.get().centreZMm()));
        } else {
            keys.add(new KeySlice("Largest paraspinal area", largestParaspinalZ(input)));
        }
        Optional<VertebralLevel> thoracic = r.levels().level("T12");
        if (thoracic.isEmpty()) {
            thoracic = r.levels().levels().stream()
                    .filter(v -> v.region() == Region.THORACIC)
                    .reduce((a, b) -> b);
        }
        thoracic.ifPresent(t -> keys.add(new KeySlice(t.name() + " mid-level", t.centreZMm())));
        return keys;
    }

    private static double largestParaspinalZ(SummaryInput input) {
        LabelMap labels = input.labels();
        Grid g = labels.grid();
        Segment[] bySegment = input.segments().toArray(new Segment[0]);
        int bestK = g.nz() / 2;
        long best = -1;
        for (int k = 0; k < g.nz(); k++) {
            long n = 0;
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    int v = labels.get(i, j, k);
                    for (Segment s : bySegment) {
                        if (s.kind() == org.myoscreen.analysis.StructureKind.PARASPINAL
                                && !s.wholeCompartment()
                                && s.covers(v)) {
                            n++;
                        }
                    }
                }
            }
            if (n > best) {
                best = n;
                bestK = k;
            }
        }
        return g.worldOf(g.nx() / 2.0, g.ny() / 2.0, bestK)[2];
    }

    /** The x and y extent (LPS mm) of a grid's corners. */
    private static double[] extent(Grid g) {
        double[] e = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int c = 0; c < 8; c++) {
            double[] p = g.worldOf(
                    (c & 1) == 0 ? 0 : g.nx() - 1, (c & 2) == 0 ? 0 : g.ny() - 1, (c & 4) == 0 ? 0 : g.nz() - 1);
            e[0] = Math.min(e[0], p[0]);
            e[1] = Math.max(e[1], p[0]);
            e[2] = Math.min(e[2], p[1]);
            e[3] = Math.max(e[3], p[1]);
        }
        return e;
    }

    private static BufferedImage renderSlice(SummaryInput input, KeySlice key) {
        Volume volume = input.image();
        double[] e = extent(volume.grid());
        double mm = Math.max(e[1] - e[0], e[3] - e[2]) / PANEL;
        double x0 = (e[0] + e[1]) / 2 - mm * PANEL / 2.0;
        double y0 = (e[2] + e[3]) / 2 - mm * PANEL / 2.0;
        float[] grey = new float[PANEL * PANEL];
        int[] label = new int[PANEL * PANEL];
        Arrays.fill(grey, Float.NaN);
        Affine toImage = volume.grid().affine().inverse();
        Affine toLabels = input.labels().grid().affine().inverse();
        for (int v = 0; v < PANEL; v++) {
            for (int u = 0; u < PANEL; u++) {
                double[] w = {x0 + (u + 0.5) * mm, y0 + (v + 0.5) * mm, key.zMm()};
                int[] ijk = nearest(toImage.apply(w));
                if (volume.grid().contains(ijk[0], ijk[1], ijk[2])) {
                    grey[u + PANEL * v] = volume.get(ijk[0], ijk[1], ijk[2]);
                }
                int[] lk = nearest(toLabels.apply(w));
                if (input.labels().grid().contains(lk[0], lk[1], lk[2])) {
                    label[u + PANEL * v] = input.labels().get(lk[0], lk[1], lk[2]);
                }
            }
        }
        float[] finite = new float[grey.length];
        int n = 0;
        for (float g : grey) {
            if (!Float.isNaN(g)) {
                finite[n++] = g;
            }
        }
        Arrays.sort(finite, 0, n);
        float lo = n > 0 ? finite[(int) (n * 0.01)] : 0;
        float hi = n > 0 ? finite[Math.max(0, (int) (n * 0.995) - 1)] : 1;
        if (hi <= lo) {
            hi = lo + 1;
        }
        int width = PANEL + LEGEND;
        int height = HEADER + PANEL + FOOTER;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int v = 0; v < PANEL; v++) {
            for (int u = 0; u < PANEL; u++) {
                float g = grey[u + PANEL * v];
                int level = Float.isNaN(g) ? 0 : (int) Math.max(0, Math.min(255, 255 * (g - lo) / (hi - lo)));
                int r = level;
                int gg = level;
                int b = level;
                int value = label[u + PANEL * v];
                if (value != 0) {
                    for (Segment s : input.segments()) {
                        if (s.covers(value)) {
                            int c = s.rgb();
                            r = (int) ((1 - ALPHA) * r + ALPHA * ((c >> 16) & 0xFF));
                            gg = (int) ((1 - ALPHA) * gg + ALPHA * ((c >> 8) & 0xFF));
                            b = (int) ((1 - ALPHA) * b + ALPHA * (c & 0xFF));
                            break;
                        }
                    }
                }
                img.setRGB(u, HEADER + v, (r << 16) | (gg << 8) | b);
            }
        }
        Graphics2D g = graphics(img);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(String.format(Locale.ROOT, "%s (z = %.1f mm)", key.title(), key.zMm()), 12, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString("R", 8, HEADER + PANEL / 2);
        g.drawString("L", PANEL - 22, HEADER + PANEL / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("A", PANEL / 2 - 5, HEADER + 18);
        g.drawString("P", PANEL / 2 - 5, HEADER + PANEL - 6);
        int y = HEADER + 30;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Legend", PANEL + 16, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        for (Segment s : input.segments()) {
            if (s.wholeCompartment()) {
                continue; // not drawn: it overlaps the per-side segments
            }
            y += 28;
            g.setColor(new Color(s.rgb()));
            g.fillRect(PANEL + 16, y - 14, 18, 18);
            g.setColor(Color.WHITE);
            g.drawString(s.label(), PANEL + 42, y);
        }
        y += 40;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("Image left = patient right", PANEL + 16, y);
        footer(g, width, height);
        g.dispose();
        return img;
    }

    private static BufferedImage renderTable(ReportContext context, SummaryInput input) {
        int width = 1000;
        int height = 760;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString("Paraspinal muscle screening \u2014 research markers", 20, 36);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("Algorithm: " + context.algorithmName() + " " + context.algorithmVersion(), 20, 60);
        AnalysisResult r = input.analysis();
        int y = 96;
        Optional<Measurements> reported = r.reported();
        Font head = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        int[] cols = {20, 470, 650};
        if (reported.isPresent()) {
            Measurements m = reported.get();
            ZScores z = r.zScores();
            g.setFont(head);
            row(g, cols, y, "Measure", "Value", "z-score");
            g.drawLine(20, y + 6, width - 20, y + 6);
            g.setFont(body);
            List<String[]> rows = new ArrayList<>();
            m.split().ifPresent(v -> {
                rows.add(new String[] {"Lean muscle volume (LMM), both sides", fmt(v.lmmVolumeCm3(), "cm\u00b3"), ""});
                rows.add(new String[] {"IMAT volume, both sides", fmt(v.imatVolumeCm3(), "cm\u00b3"), ""});
            });
            rows.add(new String[] {"IMAT, % of compartment", fmt(m.imatPercent(), "%"), fmtZ(z.imatPercent())});
            m.left()
                    .flatMap(v -> box(v.imatPercent()))
                    .ifPresent(p -> rows.add(new String[] {"   left", fmt(p, "%"), ""}));
            m.right()
                    .flatMap(v -> box(v.imatPercent()))
                    .ifPresent(p -> rows.add(new String[] {"   right", fmt(p, "%"), ""}));
            rows.add(new String[] {"LMM index", fmt(m.lmmIndexCm3PerBmi(), "cm\u00b3/(kg/m\u00b2)"), fmtZ(z.lmmIndex())
            });
            rows.add(new String[] {"Fat fraction (Dixon)", fmt(m.fatFractionPercent(), "%"), ""});
            rows.add(new String[] {"Psoas area at L3", fmt(m.psoasAreaL3Cm2(), "cm\u00b2"), ""});
            rows.add(new String[] {"Psoas muscle index", fmt(m.pmiCm2PerM2(), "cm\u00b2/m\u00b2"), ""});
            for (String[] row : rows) {
                y += 24;
                row(g, cols, y, row);
            }
            y += 30;
            g.setFont(body);
            g.drawString(fit(g, "Reference population: " + z.referenceText().orElse("none"), width - 40), 20, y);
            y += 36;
            g.setFont(head);
            g.drawString("Risk markers (associations in published cohorts, not individual risk)", 20, y);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            for (RiskResult risk : r.risk()) {
                y += 22;
                g.setColor(
                        risk.flag() == org.myoscreen.analysis.RiskFlag.ELEVATED
                                ? new Color(255, 200, 60)
                                : Color.WHITE);
                g.drawString(
                        fit(g, risk.outcome() + ": " + risk.flag().json() + " \u2014 " + risk.effect(), 560), 20, y);
                g.setColor(new Color(190, 190, 190));
                g.drawString(fit(g, risk.source(), width - 600), 590, y);
            }
            g.setColor(Color.WHITE);
        } else {
            g.setFont(head);
            g.drawString("Quality control did not pass: no values are reported.", 20, y);
        }
        y += 36;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (String flag : r.qc().flags()) {
            if (y > height - 60) {
                break;
            }
            g.drawString(fit(g, "QC: " + flag, width - 40), 20, y);
            y += 18;
        }
        footer(g, width, height);
        g.dispose();
        return img;
    }

    private static void row(Graphics2D g, int[] cols, int y, String... cells) {
        for (int i = 0; i < cells.length && i < cols.length; i++) {
            g.drawString(cells[i], cols[i], y);
        }
    }

    private static void footer(Graphics2D g, int width, int height) {
        g.setColor(new Color(255, 80, 80));
        g.setStroke(new BasicStroke(1));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(STATEMENT, (width - fm.stringWidth(STATEMENT)) / 2, height - 12);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (!t.isEmpty() && fm.stringWidth(t + "\u2026") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "\u2026";
    }

    private static int[] nearest(double[] ijk) {
        return new int[] {(int) Math.round(ijk[0]), (int) Math.round(ijk[1]), (int) Math.round(ijk[2])};
    }

    private static Optional<Double> box(OptionalDouble v) {
        return v.isPresent() ? Optional.of(v.getAsDouble()) : Optional.empty();
    }

    private static String fmt(OptionalDouble v, String unit) {
        return v.isPresent() ? fmt(v.getAsDouble(), unit) : "not available";
    }

    private static String fmt(double v, String unit) {
        return String.format(Locale.ROOT, "%.1f %s", v, unit);
    }

    private static String fmtZ(OptionalDouble z) {
        return z.isPresent() ? String.format(Locale.ROOT, "%+.2f", z.getAsDouble()) : "";
    }

    /** Wraps a rendered image as a Secondary Capture Image instance. */
    private static SummaryImage wrap(
            ReportContext context, SourceImages source, int number, String title, BufferedImage img) {
        String sopUid = context.uid(KIND, number);
        Attributes ds = CommonModules.start(
                source.patientStudy(),
                Uids.SECONDARY_CAPTURE_IMAGE_STORAGE,
                sopUid,
                "OT",
                context.uid(KIND + "-series", 0),
                SERIES_NUMBER,
                SERIES_DESCRIPTION,
                new String[] {context.manufacturer(), context.algorithmName(), context.algorithmVersion()},
                context.date(),
                context.time());
        ds.setString(Tag.ConversionType, VR.CS, "WSD");
        ds.setString(Tag.ImageLaterality, VR.CS, "B"); // both sides shown (General Image, C.7.6.1)
        ds.setInt(Tag.InstanceNumber, VR.IS, number);
        ds.setString(Tag.PatientOrientation, VR.CS);
        ds.setString(Tag.ContentDate, VR.DA, context.date());
        ds.setString(Tag.ContentTime, VR.TM, context.time());
        ds.setString(Tag.ImageType, VR.CS, "DERIVED", "SECONDARY");
        ds.setString(Tag.DerivationDescription, VR.ST, title + "; " + STATEMENT);
        ds.setString(Tag.BurnedInAnnotation, VR.CS, "YES");
        ds.setString(Tag.LossyImageCompression, VR.CS, "00");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 3);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "RGB");
        ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ds.setInt(Tag.Rows, VR.US, img.getHeight());
        ds.setInt(Tag.Columns, VR.US, img.getWidth());
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[(w * h * 3 + 1) & ~1];
        int p = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = img.getRGB(x, y);
                rgb[p++] = (byte) (c >> 16);
                rgb[p++] = (byte) (c >> 8);
                rgb[p++] = (byte) c;
            }
        }
        ds.setBytes(Tag.PixelData, VR.OB, rgb);
        return new SummaryImage(title, img, ds);
    }
}
