package org.boltzflow.boltzmann.cv;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * A collective variable: a named scalar function of one configuration ({@code double[3 * atoms]} in nm), in nm for
 * lengths and radians for angles. A periodic variable (a dihedral) takes values in [-π, π). Implementations: {@link
 * Dihedral}, {@link BondAngle}, {@link Distance}, {@link Rmsd}, and any Java function through {@link #of}.
 */
public interface CollectiveVariable {
    /** What a variable's values measure, which fixes their unit (nm, radians) and how states give their ranges. */
    enum Unit {
        /** Radians; states and plots give them in degrees. */
        RADIAN,
        /** Nanometres. */
        NANOMETER,
        /** A quantity without a fixed unit (a user's function). */
        NONE
    }

    /** The variable's name, as states and outputs refer to it. */
    String name();

    /** What the values measure. */
    Unit unit();

    /** Whether the values are angles on the circle [-π, π); false unless a variable says so. */
    default boolean periodic() {
        return false;
    }

    /** The value of the configuration starting at {@code offset} in {@code xyz}. */
    double value(double[] xyz, int offset);

    /** The value of one configuration. */
    default double value(double[] xyz) {
        return value(xyz, 0);
    }

    /** The value of each of the configurations of {@code atoms} atoms stored one after another in {@code frames}. */
    default double[] values(double[] frames, int atoms) {
        int width = 3 * atoms;
        double[] out = new double[frameCount(name(), frames, atoms)];
        for (int f = 0; f < out.length; f++) {
            out[f] = value(frames, f * width);
        }
        return out;
    }

    private static int frameCount(String name, double[] frames, int atoms) {
        if (atoms <= 0 || frames.length % (3 * atoms) != 0) {
            throw new IllegalArgumentException("collective variable " + name + ": " + frames.length
                    + " coordinates are not whole frames of " + atoms + " atoms");
        }
        return frames.length / (3 * atoms);
    }

    /** The largest atom index the variable reads (-1 if it reads none it can name). */
    int maxAtom();

    /**
     * Any Java function of one configuration ({@code double[3 * atoms]}, nm) as a collective variable; periodic ones
     * must return values in [-π, π).
     */
    static CollectiveVariable of(String name, Unit unit, boolean periodic, ToDoubleFunction<double[]> function) {
        return new FunctionVariable(name, unit, periodic, function);
    }

    /**
     * A function of the configuration as a collective variable. It sees one whole configuration: {@link #values}
     * copies each frame out; {@code value(xyz, offset)} passes everything from {@code offset} on.
     */
    record FunctionVariable(String name, Unit unit, boolean periodic, ToDoubleFunction<double[]> function)
            implements CollectiveVariable {
        @Override
        public double value(double[] xyz, int offset) {
            return function.applyAsDouble(offset == 0 ? xyz : Arrays.copyOfRange(xyz, offset, xyz.length));
        }

        @Override
        public double[] values(double[] frames, int atoms) {
            int width = 3 * atoms;
            double[] out = new double[frameCount(name, frames, atoms)];
            for (int f = 0; f < out.length; f++) {
                out[f] = function.applyAsDouble(Arrays.copyOfRange(frames, f * width, (f + 1) * width));
            }
            return out;
        }

        @Override
        public int maxAtom() {
            return -1;
        }
    }
}
