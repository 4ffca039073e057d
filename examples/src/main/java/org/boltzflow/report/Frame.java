package org.boltzflow.report;

/** A plot area in pixels ({@code left, top, width, height}) showing data ranges {@code x} and {@code y}. */
record Frame(int left, int top, int width, int height, double[] x, double[] y) {
    /** The pixel column of data value {@code v}. */
    double px(double v) {
        return left + (v - x[0]) / (x[1] - x[0]) * width;
    }

    /** The pixel row of data value {@code v} (y grows upwards). */
    double py(double v) {
        return top + height - (v - y[0]) / (y[1] - y[0]) * height;
    }
}
