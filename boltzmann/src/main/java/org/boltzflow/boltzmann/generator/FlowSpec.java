package org.boltzflow.boltzmann.generator;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * The architecture of a Boltzmann generator's flow: {@code blocks} coupling rational-quadratic spline blocks (bit
 * masks alternating between blocks) with {@code bins} bins and conditioner networks of {@code hidden} layer sizes,
 * on a coordinate layer whose normalized coordinates live in {@code [-splineBound, splineBound]}.
 * {@code cartesianAtoms} chooses the coordinate layer: null picks the Cartesian atoms automatically
 * ({@link CartesianAtoms#central}), an empty array the global Z-matrix layer, otherwise the listed atoms (0-based,
 * at least 3) are kept in PCA-whitened Cartesian coordinates and every other atom in internal coordinates.
 * {@code precision} is the floating-point type of the base and the spline blocks, {@code "float64"} or
 * {@code "float32"} (the coordinate layer, the energies and the log weights stay in float64).
 */
public record FlowSpec(int blocks, int[] hidden, int bins, double splineBound, int[] cartesianAtoms,
        String precision) {
    /** Checks the ranges. */
    public FlowSpec {
        if (blocks <= 0 || bins <= 1 || hidden == null || hidden.length == 0 || !(splineBound > 0)
                || Arrays.stream(hidden).anyMatch(h -> h <= 0)) {
            throw new IllegalArgumentException("flow needs blocks > 0, bins > 1, hidden layers of positive size and "
                    + "splineBound > 0");
        }
        if (cartesianAtoms != null && cartesianAtoms.length > 0 && cartesianAtoms.length < 3) {
            throw new IllegalArgumentException("flow cartesianAtoms must list none or at least 3 atoms");
        }
        if (!"float64".equals(precision) && !"float32".equals(precision)) {
            throw new IllegalArgumentException("flow precision must be float64 or float32, got " + precision);
        }
    }

    /** A flow of {@code blocks} blocks, {@code bins} bins and {@code hidden} layers, spline bound 5, automatic atoms. */
    public static FlowSpec of(int blocks, int bins, int... hidden) {
        return new FlowSpec(blocks, hidden, bins, 5.0, null, "float64");
    }

    /** This spec with the Cartesian atoms given ({@code null}: automatic, empty: global Z-matrix). */
    public FlowSpec withCartesianAtoms(int... atoms) {
        return new FlowSpec(blocks, hidden, bins, splineBound, atoms, precision);
    }

    /** This spec with the base and blocks in {@code precision} ({@code "float64"} or {@code "float32"}). */
    public FlowSpec withPrecision(String precision) {
        return new FlowSpec(blocks, hidden, bins, splineBound, cartesianAtoms, precision);
    }

    /** The base's and blocks' DJL data type. */
    public DataType dataType() {
        return "float32".equals(precision) ? DataType.FLOAT32 : DataType.FLOAT64;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowSpec f && blocks == f.blocks && bins == f.bins && splineBound == f.splineBound
                && Arrays.equals(hidden, f.hidden) && Arrays.equals(cartesianAtoms, f.cartesianAtoms)
                && precision.equals(f.precision);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Integer.hashCode(blocks) + Arrays.hashCode(hidden)) + Arrays.hashCode(cartesianAtoms))
                + precision.hashCode();
    }

    @Override
    public String toString() {
        return "FlowSpec[blocks=" + blocks + ", hidden=" + Arrays.toString(hidden) + ", bins=" + bins
                + ", splineBound=" + splineBound + ", cartesianAtoms=" + Arrays.toString(cartesianAtoms) + ", precision="
                + precision + "]";
    }
}
