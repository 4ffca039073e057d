package org.boltzflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * Line charts drawn for reports: one or more panels stacked vertically, each with its own y axis, round ticks (every
 * 60° on an angle axis), axis titles, a legend, and optional error bands (the line ± its error, shaded); a line of
 * few points marks each point. Written atomically as PNG.
 */
public final class LinePlot {
    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14),
        new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189)};
    private static final int WIDTH = 760;
    private static final int PANEL_HEIGHT = 300;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 34;
    private static final int BOTTOM = 50;
    /** Lines of at most this many points get a marker at each point. */
    private static final int MARKED_POINTS = 12;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LinePlot() {}

    /**
     * One line: its name, points, an error per point for a band (null: none), and its colour's index in the palette
     * (negative: its position in the panel). NaN points are gaps.
     */
    public record Line(String name, double[] x, double[] y, double[] error, int colour) {
        /** A line coloured by its position in the panel. */
        public Line(String name, double[] x, double[] y, double[] error) {
            this(name, x, y, error, -1);
        }
    }

    /**
     * One panel: title, axis titles, lines, whether x is an angle in degrees (then -180..180, ticks every 60°), and
     * the largest y shown ({@code yCap}; infinite: no cap), so that a few rare bins do not flatten the rest.
     */
    public record Panel(String title, String xTitle, String yTitle, List<Line> lines, boolean degrees, double yCap) {
        /** A panel without a cap on y. */
        public Panel(String title, String xTitle, String yTitle, List<Line> lines, boolean degrees) {
            this(title, xTitle, yTitle, lines, degrees, Double.POSITIVE_INFINITY);
        }
    }

    /** Writes {@code panels} stacked vertically into {@code png}. */
    public static void write(Path png, List<Panel> panels) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, panels.size() * (PANEL_HEIGHT + TOP + BOTTOM),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int k = 0; k < panels.size(); k++) {
            draw(g, panels.get(k), k * (PANEL_HEIGHT + TOP + BOTTOM));
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    private static void draw(Graphics2D g, Panel p, int y0) {
        double[] xr = p.degrees() ? new double[] {-180, 180} : range(p.lines(), true, Double.POSITIVE_INFINITY);
        double[] yr = range(p.lines(), false, p.yCap());
        yr[1] = Math.min(yr[1], p.yCap());
        int plotW = WIDTH - LEFT - RIGHT;
        int top = y0 + TOP;
        Frame f = new Frame(LEFT, top, plotW, PANEL_HEIGHT, xr, yr);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(p.title(), LEFT, y0 + 22);
        Axes.draw(g, f, p.xTitle(), p.yTitle(), p.degrees());
        for (int i = 0; i < p.lines().size(); i++) {
            Line line = p.lines().get(i);
            Color c = COLOURS[(line.colour() >= 0 ? line.colour() : i) % COLOURS.length];
            g.setClip(f.left(), f.top(), f.width(), f.height());
            if (line.error() != null) {
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
                fillBand(g, f, line);
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(1.8f));
            drawLine(g, f, line);
            if (line.x().length <= MARKED_POINTS) {
                for (int k = 0; k < line.x().length; k++) {
                    if (Double.isFinite(line.y()[k])) {
                        g.fill(new Ellipse2D.Double(f.px(line.x()[k]) - 3.5, f.py(line.y()[k]) - 3.5, 7, 7));
                    }
                }
            }
            g.setClip(null);
            int ly = top + 16 + 18 * i;
            g.fillRect(LEFT + plotW - 170, ly - 8, 14, 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            g.drawString(line.name(), LEFT + plotW - 150, ly - 2);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawLine(Graphics2D g, Frame f, Line line) {
        Path2D path = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < line.x().length; i++) {
            double y = line.y()[i];
            if (!Double.isFinite(y)) {
                pen = false;
                continue;
            }
            double px = f.px(line.x()[i]);
            double py = f.py(y);
            if (pen) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                pen = true;
            }
        }
        g.draw(path);
    }

    private static void fillBand(Graphics2D g, Frame f, Line line) {
        int n = line.x().length;
        int i = 0;
        while (i < n) {
            while (i < n && !finiteBand(line, i)) {
                i++;
            }
            int start = i;
            while (i < n && finiteBand(line, i)) {
                i++;
            }
            if (i - start >= 2) {
                Path2D band = new Path2D.Double();
                band.moveTo(f.px(line.x()[start]), f.py(line.y()[start] + line.error()[start]));
                for (int k = start + 1; k < i; k++) {
                    band.lineTo(f.px(line.x()[k]), f.py(line.y()[k] + line.error()[k]));
                }
                for (int k = i - 1; k >= start; k--) {
                    band.lineTo(f.px(line.x()[k]), f.py(line.y()[k] - line.error()[k]));
                }
                band.closePath();
                g.fill(band);
            }
        }
    }

    private static boolean finiteBand(Line line, int i) {
        return Double.isFinite(line.y()[i]) && Double.isFinite(line.error()[i]);
    }

    /**
     * The data range of the x or y values; on y, widened by the error bands, each error counted up to half the span
     * of the values shown (those up to {@code cap}), so that a few very uncertain points do not squeeze the lines
     * into a sliver (their bands are clipped at the frame).
     */
    private static double[] range(List<Line> lines, boolean x, double cap) {
        double[] values = extent(lines, x, 0);
        double span = Math.min(values[1], cap) - values[0];
        double[] r = x ? values : extent(lines, false, Double.isFinite(span) ? 0.5 * span : 0);
        double lo = r[0];
        double hi = Math.min(r[1], cap);
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 1 : 0;
            hi = lo + 2;
        }
        double pad = x ? 0 : 0.05 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    /** The smallest and largest finite value (x or y), y widened by each point's error up to {@code maxError}. */
    private static double[] extent(List<Line> lines, boolean x, double maxError) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            double[] v = x ? l.x() : l.y();
            for (int i = 0; i < v.length; i++) {
                double e = !x && l.error() != null && Double.isFinite(l.error()[i])
                        ? Math.min(l.error()[i], maxError) : 0;
                if (Double.isFinite(v[i])) {
                    lo = Math.min(lo, v[i] - e);
                    hi = Math.max(hi, v[i] + e);
                }
            }
        }
        return new double[] {lo, hi};
    }
}
