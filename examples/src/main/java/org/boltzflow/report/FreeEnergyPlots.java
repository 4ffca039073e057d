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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.boltzflow.boltzmann.cv.Axis;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.FreeEnergySurface;
import org.boltzflow.boltzmann.cv.Interval;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * Free-energy plots as a paper shows them, written as PNG atomically and headless: 2D surfaces as heatmaps in kJ/mol
 * side by side on one colour scale (viridis, lowest free energy dark, bins without samples white) with a colour bar
 * and the states outlined and labelled; 1D profiles (kJ/mol) with a ±1σ error band per curve and populations
 * against temperature with their ±1σ bands, both as {@link LinePlot}s. Angles are shown in degrees, a full turn
 * with ticks every 60° from -180° to 180°.
 */
public final class FreeEnergyPlots {
    private static final int SIZE = 300;
    private static final int LEFT = 70;
    private static final int GAP = 48;
    private static final int TOP = 34;
    private static final int BOTTOM = 56;
    private static final int BAR = 18;
    private static final int BAR_SPACE = 90;
    private static final int[][] VIRIDIS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FreeEnergyPlots() {}

    /** A titled 2D surface to draw as one panel. */
    public record Panel(String title, FreeEnergySurface surface) {}

    /**
     * Writes 2D surfaces (all on the same two variables) side by side on one colour scale from 0 to
     * {@code maxKjPerMol} (higher values take the top colour; white: no samples), with a colour bar and the
     * {@code states} outlined and labelled (a state restricting another variable is left out).
     */
    public static void surfaces(Path png, List<Panel> panels, List<State> states, double maxKjPerMol)
            throws IOException {
        int width = LEFT + panels.size() * (SIZE + GAP) - GAP + BAR_SPACE;
        BufferedImage image = new BufferedImage(width, TOP + SIZE + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        for (int p = 0; p < panels.size(); p++) {
            FreeEnergySurface s = panels.get(p).surface();
            if (s.axes().size() != 2) {
                throw new IllegalArgumentException("a surface panel needs a 2D surface");
            }
            Axis ax = s.axes().get(0);
            Axis ay = s.axes().get(1);
            Frame f = new Frame(LEFT + p * (SIZE + GAP), TOP, SIZE, SIZE, range(ax), range(ay));
            for (int i = 0; i < ax.bins(); i++) {
                for (int j = 0; j < ay.bins(); j++) {
                    double v = s.at(i, j).value();
                    int x0 = f.left() + i * f.width() / ax.bins();
                    int x1 = f.left() + (i + 1) * f.width() / ax.bins();
                    int y1 = f.top() + f.height() - j * f.height() / ay.bins();
                    int y0 = f.top() + f.height() - (j + 1) * f.height() / ay.bins();
                    g.setColor(Double.isNaN(v) ? Color.WHITE : viridis(v / maxKjPerMol));
                    g.fillRect(x0, y0, x1 - x0, y1 - y0);
                }
            }
            drawStates(g, f, ax, ay, states);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(panels.get(p).title(), f.left(), TOP - 10);
            Axes.draw(g, f, label(ax.variable()), p == 0 ? label(ay.variable()) : "", sixtyDegrees(ax),
                    sixtyDegrees(ay));
        }
        colourBar(g, width - BAR_SPACE + 14, maxKjPerMol);
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    /**
     * Writes 1D free-energy profiles (one curve per entry, all on the same variable) with ±1σ error bands, as one
     * {@link #profilePanel}.
     */
    public static void profiles(Path png, String title, Map<String, FreeEnergySurface> curves) throws IOException {
        LinePlot.write(png, List.of(profilePanel(title, curves, Double.POSITIVE_INFINITY)));
    }

    /**
     * A {@link LinePlot} panel of 1D free-energy profiles (one curve per entry, all on the same variable; angles in
     * degrees) with ±1σ error bands, showing free energies up to {@code capKjPerMol}; bins without samples leave
     * gaps.
     */
    public static LinePlot.Panel profilePanel(String title, Map<String, FreeEnergySurface> curves,
            double capKjPerMol) {
        Axis axis = curves.values().iterator().next().axes().get(0);
        List<LinePlot.Line> lines = new ArrayList<>();
        for (Map.Entry<String, FreeEnergySurface> curve : curves.entrySet()) {
            FreeEnergySurface s = curve.getValue();
            if (s.axes().size() != 1) {
                throw new IllegalArgumentException("a profile needs 1D surfaces");
            }
            double[] x = new double[axis.bins()];
            double[] y = new double[axis.bins()];
            double[] error = new double[axis.bins()];
            for (int i = 0; i < axis.bins(); i++) {
                x[i] = display(axis, axis.center(i));
                y[i] = s.at(i).value();
                error[i] = s.at(i).stdError();
            }
            lines.add(new LinePlot.Line(curve.getKey(), x, y, error));
        }
        return new LinePlot.Panel(title, label(axis.variable()), "free energy (kJ/mol)", lines, sixtyDegrees(axis),
                capKjPerMol);
    }

    /**
     * Writes populations against temperature: per state a line through the estimates at the temperatures (sorted)
     * with a ±1σ band.
     */
    public static void populations(Path png, String title, double[] temperatures, Map<String, Estimate[]> states)
            throws IOException {
        int[] order = IntStream.range(0, temperatures.length).boxed()
                .sorted(Comparator.comparingDouble(i -> temperatures[i])).mapToInt(Integer::intValue).toArray();
        double[] x = Arrays.stream(order).mapToDouble(i -> temperatures[i]).toArray();
        List<LinePlot.Line> lines = new ArrayList<>();
        for (Map.Entry<String, Estimate[]> state : states.entrySet()) {
            Estimate[] e = state.getValue();
            lines.add(new LinePlot.Line(state.getKey(), x, Arrays.stream(order).mapToDouble(i -> e[i].value())
                    .toArray(), Arrays.stream(order).mapToDouble(i -> e[i].stdError()).toArray()));
        }
        LinePlot.write(png, List.of(new LinePlot.Panel(title, "temperature (K)", "population", lines, false)));
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

    /**
     * Outlines every state's box (split where a periodic range wraps) in black and white, and writes its name in the
     * box's largest piece.
     */
    private static void drawStates(Graphics2D g, Frame f, Axis ax, Axis ay, List<State> states) {
        Graphics2D clipped = (Graphics2D) g.create();
        clipped.clipRect(f.left(), f.top(), f.width() + 1, f.height() + 1);
        clipped.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        for (State state : states) {
            List<double[]> xs = pieces(state, ax);
            List<double[]> ys = pieces(state, ay);
            if (xs == null || ys == null) {
                continue;
            }
            int[] best = null;
            for (double[] xp : xs) {
                for (double[] yp : ys) {
                    int x0 = (int) Math.round(f.px(display(ax, xp[0])));
                    int x1 = (int) Math.round(f.px(display(ax, xp[1])));
                    int y0 = (int) Math.round(f.py(display(ay, yp[1])));
                    int y1 = (int) Math.round(f.py(display(ay, yp[0])));
                    clipped.setStroke(new BasicStroke(3f));
                    clipped.setColor(Color.BLACK);
                    clipped.drawRect(x0, y0, x1 - x0, y1 - y0);
                    clipped.setStroke(new BasicStroke(1.2f));
                    clipped.setColor(Color.WHITE);
                    clipped.drawRect(x0, y0, x1 - x0, y1 - y0);
                    if (best == null || (x1 - x0) * (y1 - y0) > (best[2] - best[0]) * (best[3] - best[1])) {
                        best = new int[] {x0, y0, x1, y1};
                    }
                }
            }
            if (best != null && best[2] - best[0] > 20 && best[3] - best[1] > 14) {
                int textWidth = clipped.getFontMetrics().stringWidth(state.name());
                clipped.setColor(Color.BLACK);
                clipped.fillRect(best[0] + 2, best[1] + 2, textWidth + 4, 14);
                clipped.setColor(Color.WHITE);
                clipped.drawString(state.name(), best[0] + 4, best[1] + 13);
            }
        }
        clipped.dispose();
    }

    /** The pieces [lo, hi] of a state's range on an axis (the whole axis if unconstrained), null if off the axes. */
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

    private static void colourBar(Graphics2D g, int left, double max) {
        for (int p = 0; p < SIZE; p++) {
            g.setColor(viridis(1 - (double) p / SIZE));
            g.fillRect(left, TOP + p, BAR, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, TOP, BAR, SIZE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double step = Ticks.step(0, max);
        for (double t : Ticks.of(0, max, false)) {
            int py = TOP + SIZE - (int) Math.round(t / max * SIZE);
            g.drawLine(left + BAR, py, left + BAR + 4, py);
            g.drawString(Ticks.label(t, step), left + BAR + 7, py + 4);
        }
        FontMetrics fm = g.getFontMetrics();
        g.drawString("kJ/mol", left + BAR / 2 - fm.stringWidth("kJ/mol") / 2 + 10, TOP + SIZE + 22);
        g.drawString("white: no", left + BAR / 2 - fm.stringWidth("white: no") / 2 + 10, TOP + SIZE + 36);
        g.drawString("samples", left + BAR / 2 - fm.stringWidth("samples") / 2 + 10, TOP + SIZE + 50);
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    /** An axis's title: the variable's name and unit as shown (degrees for angles). */
    private static String label(CollectiveVariable cv) {
        return switch (cv.unit()) {
            case RADIAN -> cv.name() + " (degrees)";
            case NANOMETER -> cv.name() + " (nm)";
            case NONE -> cv.name();
        };
    }

    /** A value as shown: degrees for angles, the variable's own unit otherwise. */
    private static double display(Axis axis, double value) {
        return axis.variable().unit() == CollectiveVariable.Unit.RADIAN ? Math.toDegrees(value) : value;
    }

    private static double[] range(Axis axis) {
        return new double[] {display(axis, axis.low()), display(axis, axis.high())};
    }

    /** Whether the axis is a full turn of an angle, ticked every 60° from -180° to 180°. */
    private static boolean sixtyDegrees(Axis axis) {
        double[] r = range(axis);
        return axis.variable().unit() == CollectiveVariable.Unit.RADIAN && r[0] <= -179.999 && r[1] >= 179.999;
    }
}
