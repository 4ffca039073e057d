package org.boltzflow.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks a reader can use: every 60° from -180° to 180° on an angle axis, otherwise round steps (1, 2 or 5 times
 * a power of ten) giving about five ticks, with labels that print no more digits than the step needs.
 */
final class Ticks {
    private Ticks() {}

    /** Tick positions on {@code [low, high]}. */
    static List<Double> of(double low, double high, boolean degrees) {
        List<Double> ticks = new ArrayList<>();
        if (degrees) {
            for (int t = -180; t <= 180; t += 60) {
                ticks.add((double) t);
            }
            return ticks;
        }
        double step = step(low, high);
        for (double t = Math.ceil(low / step) * step; t <= high + 1e-9 * step; t += step) {
            ticks.add(Math.abs(t) < 1e-12 * step ? 0.0 : t);
        }
        return ticks;
    }

    /** A round step giving about five ticks on {@code [low, high]}. */
    static double step(double low, double high) {
        double span = high - low;
        if (!(span > 0) || !Double.isFinite(span)) {
            return 1;
        }
        double raw = span / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double unit = raw / power;
        return (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10) * power;
    }

    /** The label of tick {@code value} on an axis with ticks {@code step} apart. */
    static String label(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value != 0)) {
            return String.format("%.1e", value);
        }
        return String.format("%." + decimals + "f", value);
    }
}
