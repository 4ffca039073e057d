package org.boltzflow.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.boltzflow.flows.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * PNG plots for reports, written atomically and headless: side-by-side density heatmaps (drawn pixel by pixel, one
 * panel per grid, with a shared colour scale), grids of grey-scale images, line or scatter charts, and bar charts
 * with error bars (XChart).
 */
public final class Plots {
    private static final int TITLE_HEIGHT = 24;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** A heatmap panel: {@code values[row][column]} on a grid, row 0 at the bottom, and its title. */
    public record Heatmap(String title, double[][] values) {}

    /** One line or point series: its name and coordinates. */
    public record Series(String name, double[] x, double[] y) {}

    /**
     * Writes heatmap panels side by side, {@code cell} pixels per grid cell, coloured on one scale from 0 to the
     * largest finite value of all panels (NaN cells grey).
     */
    public static void heatmaps(Path png, List<Heatmap> panels, int cell) throws IOException {
        double max = 0;
        for (Heatmap p : panels) {
            for (double[] row : p.values()) {
                for (double v : row) {
                    if (Double.isFinite(v)) {
                        max = Math.max(max, v);
                    }
                }
            }
        }
        int rows = panels.get(0).values().length;
        int columns = panels.get(0).values()[0].length;
        int panelWidth = columns * cell;
        BufferedImage image = new BufferedImage(panels.size() * (panelWidth + cell), TITLE_HEIGHT + rows * cell,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (int k = 0; k < panels.size(); k++) {
            Heatmap p = panels.get(k);
            int x0 = k * (panelWidth + cell);
            g.setColor(Color.BLACK);
            g.drawString(p.title(), x0 + 4, TITLE_HEIGHT - 7);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    double v = p.values()[r][c];
                    g.setColor(Double.isNaN(v) ? Color.GRAY : FreeEnergyPlots.viridis(max > 0 ? v / max : 0));
                    g.fillRect(x0 + c * cell, TITLE_HEIGHT + (rows - 1 - r) * cell, cell, cell);
                }
            }
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    /**
     * Writes square grey-scale images (each a row-major {@code side x side} array of values in [0, {@code max}],
     * drawn white on black) in a grid of {@code columns} columns, {@code cell} pixels per image pixel, one pixel of
     * grey between images.
     */
    public static void imageGrid(Path png, double[][] images, int side, int columns, double max, int cell)
            throws IOException {
        int rows = (images.length + columns - 1) / columns;
        int tile = side * cell + 1;
        BufferedImage image = new BufferedImage(columns * tile + 1, rows * tile + 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int k = 0; k < images.length; k++) {
            int x0 = 1 + (k % columns) * tile;
            int y0 = 1 + (k / columns) * tile;
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    int level = (int) Math.round(255 * Math.max(0, Math.min(1, images[k][r * side + c] / max)));
                    g.setColor(new Color(level, level, level));
                    g.fillRect(x0 + c * cell, y0 + r * cell, cell, cell);
                }
            }
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    /** Writes a chart of line series (or markers only, if {@code scatter}) with axis titles. */
    public static void chart(Path png, String title, String xTitle, String yTitle, List<Series> series,
            boolean scatter) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(scatter ? XYSeries.XYSeriesRenderStyle.Scatter
                : XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(scatter ? 3 : 0);
        for (Series s : series) {
            chart.addSeries(s.name(), s.x(), s.y());
        }
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }

    /** Writes a bar chart, one bar per category with its error bar, and no legend. */
    public static void bars(Path png, String title, String xTitle, String yTitle, List<String> categories,
            List<Double> values, List<Double> errors) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(yTitle, categories, values, errors);
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }
}
