package org.boltzflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.boltzflow.boltzmann.cv.Axis;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.FreeEnergySurface;
import org.boltzflow.boltzmann.cv.Interval;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Free-energy plots as a paper shows them, written as PNG atomically and headless: 1D profiles (kJ/mol) with a
 * ±1σ error band per curve, and 2D surfaces as heatmaps in kJ/mol side by side on one colour scale with a colour bar,
 * angles in degrees from -180 to 180 with ticks every 60°, and states outlined and labelled.
 */
public final class FreeEnergyPlots {
    private static final int PLOT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 34;
    private static final int BOTTOM = 56;
    private static final int BAR_WIDTH = 18;
    private static final int BAR_SPACE = 80;
    private static final Color[] LINES = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14)};
    private static final int[][] VIRIDIS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FreeEnergyPlots() {}

    /** A titled 2D surface to draw as one panel. */
    public record Panel(String title, FreeEnergySurface surface) {}

    /**
     * Writes 1D free-energy profiles (one curve per entry, all on the same variable) with ±1σ error bands; bins
     * without samples leave gaps.
     */
    public static void profiles(Path png, String title, Map<String, FreeEnergySurface> curves) throws IOException {
        List<FreeEnergySurface> all = new ArrayList<>(curves.values());
        Axis axis = all.get(0).axes().get(0);
        double top = 0;
        for (FreeEnergySurface s : all) {
            if (s.axes().size() != 1) {
                throw new IllegalArgumentException("a profile needs 1D surfaces");
            }
            for (Estimate e : s.free()) {
                if (Double.isFinite(e.value())) {
                    top = Math.max(top, e.value() + (Double.isFinite(e.stdError()) ? e.stdError() : 0));
                }
            }
        }
        Scale x = Scale.of(axis);
        Scale y = new Scale(0, niceTop(top), false);
        int width = LEFT + 2 * PLOT + RIGHT;
        BufferedImage image = new BufferedImage(width, TOP + PLOT + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        Frame frame = new Frame(LEFT, TOP, 2 * PLOT, PLOT);
        int index = 0;
        for (Map.Entry<String, FreeEnergySurface> entry : curves.entrySet()) {
            drawProfile(g, frame, x, y, entry.getValue(), LINES[index++ % LINES.length]);
        }
        drawLegend(g, frame, List.copyOf(curves.keySet()));
        drawAxes(g, frame, x, y, label(axis.variable()), "free energy (kJ/mol)");
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    /**
     * Writes 2D surfaces side by side on one colour scale from 0 to {@code maxKjPerMol} (higher values take the top
     * colour; white: no samples), with a colour bar and the {@code states} outlined and labelled.
     */
    public static void surfaces(Path png, List<Panel> panels, List<State> states, double maxKjPerMol)
            throws IOException {
        int width = panels.size() * (LEFT + PLOT + RIGHT) + BAR_SPACE;
        BufferedImage image = new BufferedImage(width, TOP + PLOT + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, null);
        for (int p = 0; p < panels.size(); p++) {
            FreeEnergySurface s = panels.get(p).surface();
            if (s.axes().size() != 2) {
                throw new IllegalArgumentException("a surface panel needs a 2D surface");
            }
            Axis ax = s.axes().get(0);
            Axis ay = s.axes().get(1);
            Frame frame = new Frame(p * (LEFT + PLOT + RIGHT) + LEFT, TOP, PLOT, PLOT);
            Scale x = Scale.of(ax);
            Scale y = Scale.of(ay);
            for (int i = 0; i < ax.bins(); i++) {
                for (int j = 0; j < ay.bins(); j++) {
                    double v = s.at(i, j).value();
                    g.setColor(Double.isNaN(v) ? Color.WHITE : viridis(v / maxKjPerMol));
                    int x0 = frame.px(x, x.display(ax.low() + i * ax.width()));
                    int x1 = frame.px(x, x.display(ax.low() + (i + 1) * ax.width()));
                    int y0 = frame.py(y, y.display(ay.low() + (j + 1) * ay.width()));
                    int y1 = frame.py(y, y.display(ay.low() + j * ay.width()));
                    g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
                }
            }
            drawStates(g, frame, ax, ay, states);
            g.setColor(Color.BLACK);
            g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
            g.drawString(panels.get(p).title(), frame.x, TOP - 10);
            g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
            drawAxes(g, frame, x, y, label(ax.variable()), label(ay.variable()));
        }
        drawColourBar(g, width - BAR_SPACE + 10, TOP, maxKjPerMol);
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    /**
     * Writes populations against temperature: per state a line through the estimates at the temperatures (sorted)
     * with ±1σ error bars.
     */
    public static void populations(Path png, String title, double[] temperatures, Map<String, Estimate[]> states)
            throws IOException {
        Integer[] order = new Integer[temperatures.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(temperatures[a], temperatures[b]));
        double low = temperatures[order[0]];
        double high = temperatures[order[order.length - 1]];
        double pad = Math.max(1, 0.05 * (high - low));
        double top = 0;
        for (Estimate[] p : states.values()) {
            for (Estimate e : p) {
                top = Math.max(top, e.value() + (Double.isFinite(e.stdError()) ? e.stdError() : 0));
            }
        }
        Scale x = new Scale(low - pad, high + pad, false);
        Scale y = new Scale(0, Math.min(1, niceTop(top)), false);
        BufferedImage image = new BufferedImage(LEFT + 2 * PLOT + RIGHT, TOP + PLOT + BOTTOM,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        Frame frame = new Frame(LEFT, TOP, 2 * PLOT, PLOT);
        int index = 0;
        for (Map.Entry<String, Estimate[]> entry : states.entrySet()) {
            Color colour = LINES[index++ % LINES.length];
            g.setColor(colour);
            g.setStroke(new BasicStroke(2f));
            int previousX = -1;
            int previousY = -1;
            for (int i : order) {
                Estimate e = entry.getValue()[i];
                int px = frame.px(x, temperatures[i]);
                int py = frame.py(y, e.value());
                double sigma = Double.isFinite(e.stdError()) ? e.stdError() : 0;
                g.drawLine(px, frame.py(y, e.value() - sigma), px, frame.py(y, e.value() + sigma));
                g.drawLine(px - 4, frame.py(y, e.value() - sigma), px + 4, frame.py(y, e.value() - sigma));
                g.drawLine(px - 4, frame.py(y, e.value() + sigma), px + 4, frame.py(y, e.value() + sigma));
                g.fillOval(px - 3, py - 3, 7, 7);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, px, py);
                }
                previousX = px;
                previousY = py;
            }
        }
        drawLegend(g, frame, List.copyOf(states.keySet()));
        drawAxes(g, frame, x, y, "temperature (K)", "population");
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    /** The names with their line colours in the top right corner of the frame. */
    private static void drawLegend(Graphics2D g, Frame frame, List<String> names) {
        FontMetrics m = g.getFontMetrics();
        int width = names.stream().mapToInt(m::stringWidth).max().orElse(0);
        int x = frame.x + frame.width - width - 30;
        for (int i = 0; i < names.size(); i++) {
            int y = frame.y + 18 + 16 * i;
            g.setColor(LINES[i % LINES.length]);
            g.fillRect(x, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 20, y);
        }
    }

    private static void drawProfile(Graphics2D g, Frame frame, Scale x, Scale y, FreeEnergySurface s, Color colour) {
        Axis axis = s.axes().get(0);
        Color band = new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 60);
        Graphics2D clipped = (Graphics2D) g.create();
        clipped.clipRect(frame.x, frame.y, frame.width, frame.height);
        clipped.setStroke(new BasicStroke(2f));
        int half = Math.max(2, frame.width / axis.bins() / 4);
        for (int k = 0; k < axis.bins(); k++) {
            Estimate e = s.at(k);
            if (!Double.isFinite(e.value())) {
                continue;
            }
            int px = frame.px(x, x.display(axis.center(k)));
            int py = frame.py(y, e.value());
            double sigma = Double.isFinite(e.stdError()) ? e.stdError() : 0;
            Estimate next = k + 1 < axis.bins() ? s.at(k + 1) : null;
            clipped.setColor(band);
            if (next != null && Double.isFinite(next.value())) {
                // the band and the line run on to the next bin's centre
                int qx = frame.px(x, x.display(axis.center(k + 1)));
                double nextSigma = Double.isFinite(next.stdError()) ? next.stdError() : 0;
                clipped.fillPolygon(new int[] {px, qx, qx, px}, new int[] {frame.py(y, e.value() + sigma),
                    frame.py(y, next.value() + nextSigma), frame.py(y, next.value() - nextSigma),
                    frame.py(y, e.value() - sigma)}, 4);
                clipped.setColor(colour);
                clipped.drawLine(px, py, qx, frame.py(y, next.value()));
            } else {
                int top = frame.py(y, e.value() + sigma);
                clipped.fillRect(px - half, top, 2 * half, Math.max(1, frame.py(y, e.value() - sigma) - top));
            }
            clipped.setColor(colour);
            clipped.fillOval(px - 2, py - 2, 5, 5);
        }
        clipped.dispose();
    }

    /** Outlines every state's box (split where a periodic range wraps) and writes its name in the largest piece. */
    private static void drawStates(Graphics2D g, Frame frame, Axis ax, Axis ay, List<State> states) {
        Scale x = Scale.of(ax);
        Scale y = Scale.of(ay);
        Graphics2D clipped = (Graphics2D) g.create();
        clipped.clipRect(frame.x, frame.y, frame.width + 1, frame.height + 1);
        clipped.setFont(clipped.getFont().deriveFont(Font.BOLD, 13f));
        for (State state : states) {
            List<double[]> xs = pieces(state, ax);
            List<double[]> ys = pieces(state, ay);
            if (xs == null || ys == null) {
                continue;
            }
            int[] best = null;
            for (double[] px : xs) {
                for (double[] py : ys) {
                    int x0 = frame.px(x, x.display(px[0]));
                    int x1 = frame.px(x, x.display(px[1]));
                    int y0 = frame.py(y, y.display(py[1]));
                    int y1 = frame.py(y, y.display(py[0]));
                    clipped.setColor(Color.BLACK);
                    clipped.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {5f, 3f}, 0f));
                    clipped.drawRect(x0 + 1, y0 + 1, x1 - x0 - 2, y1 - y0 - 2);
                    if (best == null || (x1 - x0) * (y1 - y0) > (best[2] - best[0]) * (best[3] - best[1])) {
                        best = new int[] {x0, y0, x1, y1};
                    }
                }
            }
            if (best != null) {
                FontMetrics m = clipped.getFontMetrics();
                int tx = (best[0] + best[2]) / 2 - m.stringWidth(state.name()) / 2;
                int ty = (best[1] + best[3]) / 2 + m.getAscent() / 2;
                clipped.setColor(Color.BLACK);
                for (int dx = -1; dx <= 1; dx++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        clipped.drawString(state.name(), tx + dx, ty + dy);
                    }
                }
                clipped.setColor(Color.WHITE);
                clipped.drawString(state.name(), tx, ty);
            }
        }
        clipped.dispose();
    }

    /** The pieces [lo, hi] of a state's range on an axis (the whole axis if unconstrained), null if off the axis. */
    private static List<double[]> pieces(State state, Axis axis) {
        for (Interval r : state.ranges()) {
            if (r.variable().name().equals(axis.variable().name())) {
                if (r.low() < r.high()) {
                    return List.of(new double[] {Math.max(r.low(), axis.low()), Math.min(r.high(), axis.high())});
                }
                return List.of(new double[] {r.low(), axis.high()}, new double[] {axis.low(), r.high()});
            }
        }
        for (Interval r : state.ranges()) {
            if (!r.variable().periodic()) {
                return null;
            }
        }
        return List.of(new double[] {axis.low(), axis.high()});
    }

    private static void drawColourBar(Graphics2D g, int x, int y, double max) {
        for (int p = 0; p < PLOT; p++) {
            g.setColor(viridis(1.0 - (double) p / PLOT));
            g.fillRect(x, y + p, BAR_WIDTH, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, y, BAR_WIDTH, PLOT);
        double step = niceStep(max / 5);
        for (double v = 0; v <= max + 1e-9; v += step) {
            int py = y + PLOT - (int) Math.round(v / max * PLOT);
            g.drawLine(x + BAR_WIDTH, py, x + BAR_WIDTH + 4, py);
            g.drawString(format(v), x + BAR_WIDTH + 7, py + 5);
        }
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("kJ/mol (white: no samples)", -(y + PLOT), x - 4);
        rotated.dispose();
    }

    private static Graphics2D canvas(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (title != null) {
            g.setColor(Color.BLACK);
            g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
            g.drawString(title, LEFT, TOP - 12);
            g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        }
        return g;
    }

    private static void drawAxes(Graphics2D g, Frame frame, Scale x, Scale y, String xLabel, String yLabel) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(frame.x, frame.y, frame.width, frame.height);
        FontMetrics m = g.getFontMetrics();
        for (double t : x.ticks()) {
            int px = frame.px(x, t);
            g.drawLine(px, frame.y + frame.height, px, frame.y + frame.height + 5);
            String s = format(t);
            g.drawString(s, px - m.stringWidth(s) / 2, frame.y + frame.height + 19);
        }
        for (double t : y.ticks()) {
            int py = frame.py(y, t);
            g.drawLine(frame.x - 5, py, frame.x, py);
            String s = format(t);
            g.drawString(s, frame.x - 8 - m.stringWidth(s), py + 4);
        }
        g.drawString(xLabel, frame.x + frame.width / 2 - m.stringWidth(xLabel) / 2, frame.y + frame.height + 40);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(frame.y + frame.height / 2 + m.stringWidth(yLabel) / 2), frame.x - 48);
        rotated.dispose();
    }

    private static String label(CollectiveVariable cv) {
        return switch (cv.unit()) {
            case RADIAN -> cv.name() + " (degrees)";
            case NANOMETER -> cv.name() + " (nm)";
            default -> cv.name();
        };
    }

    /** The viridis colour map for t in [0, 1] (clipped), interpolated between five of its colours. */
    public static Color viridis(double t) {
        double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) s);
        double f = s - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }

    private static double niceTop(double value) {
        double step = niceStep(Math.max(value, 1e-9) / 5);
        return Math.ceil(value / step) * step;
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double r = rough / magnitude;
        return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
    }

    private static String format(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.valueOf((long) Math.rint(v));
        }
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.3g", v)).stripTrailingZeros()
                .toPlainString();
    }

    /** An axis as drawn: its displayed range (degrees for angles) and ticks. */
    private record Scale(double low, double high, boolean degrees) {
        static Scale of(Axis axis) {
            boolean degrees = axis.variable().unit() == CollectiveVariable.Unit.RADIAN;
            return degrees ? new Scale(Math.toDegrees(axis.low()), Math.toDegrees(axis.high()), true)
                    : new Scale(axis.low(), axis.high(), false);
        }

        double display(double value) {
            return degrees ? Math.toDegrees(value) : value;
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            double step = degrees && high - low > 200 ? 60 : niceStep((high - low) / 5);
            for (double t = Math.ceil(low / step - 1e-9) * step; t <= high + 1e-9; t += step) {
                out.add(Math.abs(t) < 1e-12 ? 0 : t);
            }
            return out;
        }
    }

    /** A plot area in pixels. */
    private record Frame(int x, int y, int width, int height) {
        int px(Scale s, double v) {
            return x + (int) Math.round((v - s.low()) / (s.high() - s.low()) * width);
        }

        int py(Scale s, double v) {
            return y + height - (int) Math.round((v - s.low()) / (s.high() - s.low()) * height);
        }
    }
}
