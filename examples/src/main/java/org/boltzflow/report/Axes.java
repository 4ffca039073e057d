package org.boltzflow.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.List;

/** Draws a frame's box, ticks, tick labels and axis titles. */
final class Axes {
    private Axes() {}

    /** The axes of {@code f}; an angle axis (degrees) gets ticks every 60°. */
    static void draw(Graphics2D g, Frame f, String xTitle, String yTitle, boolean xDegrees) {
        draw(g, f, xTitle, yTitle, xDegrees, false);
    }

    /** The axes of {@code f}, either axis optionally in degrees. */
    static void draw(Graphics2D g, Frame f, String xTitle, String yTitle, boolean xDegrees, boolean yDegrees) {
        g.setColor(Color.BLACK);
        g.drawRect(f.left(), f.top(), f.width(), f.height());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        List<Double> xt = Ticks.of(f.x()[0], f.x()[1], xDegrees);
        double xs = xDegrees ? 60 : Ticks.step(f.x()[0], f.x()[1]);
        for (double t : xt) {
            int px = (int) Math.round(f.px(t));
            int bottom = f.top() + f.height();
            g.drawLine(px, bottom, px, bottom + 5);
            String label = Ticks.label(t, xs);
            g.drawString(label, px - fm.stringWidth(label) / 2, bottom + 18);
        }
        List<Double> yt = Ticks.of(f.y()[0], f.y()[1], yDegrees);
        double ys = yDegrees ? 60 : Ticks.step(f.y()[0], f.y()[1]);
        for (double t : yt) {
            int py = (int) Math.round(f.py(t));
            g.drawLine(f.left() - 5, py, f.left(), py);
            String label = Ticks.label(t, ys);
            g.drawString(label, f.left() - 8 - fm.stringWidth(label), py + 4);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        fm = g.getFontMetrics();
        g.drawString(xTitle, f.left() + (f.width() - fm.stringWidth(xTitle)) / 2, f.top() + f.height() + 38);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yTitle, -(f.top() + (f.height() + fm.stringWidth(yTitle)) / 2), f.left() - 50);
        g.setTransform(saved);
    }
}
