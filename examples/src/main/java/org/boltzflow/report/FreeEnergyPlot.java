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
import java.util.List;
import javax.imageio.ImageIO;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * Free-energy surfaces side by side on one colour scale (kJ/mol, viridis, lowest free energy dark, bins without
 * samples white), with a colour bar, axes with ticks (every 60° from -180° to 180° on angles) and titles, and
 * named states outlined and labelled. Written atomically as PNG.
 */
public final class FreeEnergyPlot {
    private static final int SIZE = 300;
    private static final int LEFT = 70;
    private static final int GAP = 48;
    private static final int TOP = 34;
    private static final int BOTTOM = 56;
    private static final int BAR = 18;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private FreeEnergyPlot() {}

    /** An axis: its title, data range and whether it is an angle in degrees. */
    public record Axis(String title, double low, double high, boolean degrees) {}

    /** A panel: title and free energies {@code values[i][j]} (kJ/mol; NaN: no samples) on x bin i, y bin j. */
    public record Panel(String title, double[][] values) {}

    /** A state's box {@code [x0, x1) × [y0, y1)} in axis units (a box with x0 > x1 wraps around an angle axis). */
    public record Box(String name, double x0, double x1, double y0, double y1) {}

    /**
     * Writes {@code panels} on axes {@code x}, {@code y}; the colour scale runs from 0 to {@code maxKjPerMol}
     * (higher values take the top colour).
     */
    public static void write(Path png, Axis x, Axis y, List<Panel> panels, List<Box> states, double maxKjPerMol)
            throws IOException {
        int width = LEFT + panels.size() * (SIZE + GAP) + 80;
        BufferedImage image = new BufferedImage(width, TOP + SIZE + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int k = 0; k < panels.size(); k++) {
            Frame f = new Frame(LEFT + k * (SIZE + GAP), TOP, SIZE, SIZE, new double[] {x.low(), x.high()},
                    new double[] {y.low(), y.high()});
            drawCells(g, f, panels.get(k).values(), maxKjPerMol);
            drawStates(g, f, x, y, states);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.BLACK);
            g.drawString(panels.get(k).title(), f.left(), TOP - 10);
            Axes.draw(g, f, x.title(), k == 0 ? y.title() : "", x.degrees(), y.degrees());
        }
        colourBar(g, LEFT + panels.size() * (SIZE + GAP), maxKjPerMol);
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    private static void drawCells(Graphics2D g, Frame f, double[][] values, double max) {
        int nx = values.length;
        int ny = values[0].length;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double v = values[i][j];
                int x0 = f.left() + i * f.width() / nx;
                int x1 = f.left() + (i + 1) * f.width() / nx;
                int y1 = f.top() + f.height() - j * f.height() / ny;
                int y0 = f.top() + f.height() - (j + 1) * f.height() / ny;
                g.setColor(Double.isNaN(v) ? Color.WHITE : FreeEnergyPlots.viridis(v / max));
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        }
    }

    private static void drawStates(Graphics2D g, Frame f, Axis x, Axis y, List<Box> states) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        for (Box b : states) {
            double[][] xs = pieces(b.x0(), b.x1(), x);
            double[][] ys = pieces(b.y0(), b.y1(), y);
            boolean labelled = false;
            for (double[] xp : xs) {
                for (double[] yp : ys) {
                    int px0 = (int) Math.round(f.px(xp[0]));
                    int px1 = (int) Math.round(f.px(xp[1]));
                    int py0 = (int) Math.round(f.py(yp[1]));
                    int py1 = (int) Math.round(f.py(yp[0]));
                    g.setStroke(new BasicStroke(3f));
                    g.setColor(Color.BLACK);
                    g.drawRect(px0, py0, px1 - px0, py1 - py0);
                    g.setStroke(new BasicStroke(1.2f));
                    g.setColor(Color.WHITE);
                    g.drawRect(px0, py0, px1 - px0, py1 - py0);
                    if (!labelled && px1 - px0 > 20 && py1 - py0 > 14) {
                        g.setColor(Color.BLACK);
                        g.fillRect(px0 + 2, py0 + 2, g.getFontMetrics().stringWidth(b.name()) + 4, 14);
                        g.setColor(Color.WHITE);
                        g.drawString(b.name(), px0 + 4, py0 + 13);
                        labelled = true;
                    }
                }
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** {@code [lo, hi)} as one or two pieces inside the axis range (two when it wraps around an angle axis). */
    private static double[][] pieces(double lo, double hi, Axis axis) {
        if (lo <= hi) {
            return new double[][] {{Math.max(lo, axis.low()), Math.min(hi, axis.high())}};
        }
        return new double[][] {{lo, axis.high()}, {axis.low(), hi}};
    }

    private static void colourBar(Graphics2D g, int left, double max) {
        for (int p = 0; p < SIZE; p++) {
            g.setColor(FreeEnergyPlots.viridis(1 - (double) p / SIZE));
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
    }
}
