package org.boltzflow.boltzmann.md;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * Fixed bond lengths enforced by SHAKE (positions) and RATTLE (velocities), iterated to a relative tolerance.
 * Each constraint joins atoms {@code i} and {@code j} at distance {@code length} nm.
 */
public final class BondConstraints {
    private static final int MAX_ITERATIONS = 1000;
    private final int[] first;
    private final int[] second;
    private final double[] lengths;
    private final double tolerance;

    /** Constraints {@code pairs[k] = {i, j}} with {@code lengths[k]} nm, met to relative {@code tolerance}. */
    public BondConstraints(List<int[]> pairs, double[] lengths, double tolerance) {
        if (pairs.size() != lengths.length) {
            throw new IllegalArgumentException(pairs.size() + " constrained pairs but " + lengths.length + " lengths");
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("constraint tolerance must be positive, got " + tolerance);
        }
        this.first = pairs.stream().mapToInt(p -> p[0]).toArray();
        this.second = pairs.stream().mapToInt(p -> p[1]).toArray();
        this.lengths = lengths.clone();
        this.tolerance = tolerance;
        for (int k = 0; k < lengths.length; k++) {
            if (!(lengths[k] > 0) || first[k] == second[k]) {
                throw new IllegalArgumentException("constraint " + k + " between atoms " + first[k] + " and "
                        + second[k] + " has length " + lengths[k] + " nm");
            }
        }
    }

    /** Bond length in nm of the bond between atoms {@code i} and {@code j}. */
    @FunctionalInterface
    public interface BondLength {
        double of(int i, int j);
    }

    /**
     * One constraint per topology bond that involves a hydrogen atom (element {@code H}), with lengths from
     * {@code length} (e.g. the force field's equilibrium bond lengths), met to a relative tolerance of 1e-10.
     */
    public static BondConstraints hydrogenBonds(Topology topology, BondLength length) {
        List<int[]> pairs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Atom> atoms = topology.atoms();
        for (int[] bond : topology.bonds()) {
            if (atoms.get(bond[0]).element().equals("H") || atoms.get(bond[1]).element().equals("H")) {
                pairs.add(bond);
                values.add(length.of(bond[0], bond[1]));
            }
        }
        return new BondConstraints(pairs, values.stream().mapToDouble(Double::doubleValue).toArray(), 1e-10);
    }

    /** Lengths taken from a configuration {@code xyz} (nm), for a {@link #hydrogenBonds} without a force field. */
    public static BondLength fromCoordinates(double[] xyz) {
        return (i, j) -> Math.sqrt(distanceSquared(xyz, i, j));
    }

    /** The number of constraints. */
    public int count() {
        return lengths.length;
    }

    /** The constrained atom pairs, {@code {i, j}}. */
    public List<int[]> pairs() {
        List<int[]> pairs = new ArrayList<>();
        for (int k = 0; k < first.length; k++) {
            pairs.add(new int[] {first[k], second[k]});
        }
        return pairs;
    }

    /** The largest relative deviation |r - d| / d over all constraints in {@code xyz}. */
    public double maxRelativeError(double[] xyz) {
        double worst = 0;
        for (int k = 0; k < lengths.length; k++) {
            worst = Math.max(worst, Math.abs(Math.sqrt(distanceSquared(xyz, first[k], second[k])) - lengths[k])
                    / lengths[k]);
        }
        return worst;
    }

    /**
     * SHAKE: moves {@code xyz} along the bond vectors of {@code reference} (the positions before the update,
     * which satisfy the constraints) until every constraint holds.
     */
    public void constrainPositions(double[] xyz, double[] reference, double[] inverseMasses) {
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean converged = true;
            for (int k = 0; k < lengths.length; k++) {
                int i = first[k];
                int j = second[k];
                double d2 = lengths[k] * lengths[k];
                double diff = d2 - distanceSquared(xyz, i, j);
                if (Math.abs(diff) > 2 * tolerance * d2) {
                    converged = false;
                    double dot = 0;
                    for (int a = 0; a < 3; a++) {
                        dot += (xyz[3 * i + a] - xyz[3 * j + a]) * (reference[3 * i + a] - reference[3 * j + a]);
                    }
                    double g = diff / (2 * dot * (inverseMasses[i] + inverseMasses[j]));
                    for (int a = 0; a < 3; a++) {
                        double r = reference[3 * i + a] - reference[3 * j + a];
                        xyz[3 * i + a] += g * r * inverseMasses[i];
                        xyz[3 * j + a] -= g * r * inverseMasses[j];
                    }
                }
            }
            if (converged) {
                return;
            }
        }
        throw new IllegalStateException("SHAKE did not converge in " + MAX_ITERATIONS + " iterations (worst relative "
                + "error " + maxRelativeError(xyz) + "); the time step may be too large");
    }

    /** RATTLE: removes from {@code velocities} every component along a constrained bond of {@code xyz}. */
    public void constrainVelocities(double[] velocities, double[] xyz, double[] inverseMasses) {
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean converged = true;
            for (int k = 0; k < lengths.length; k++) {
                int i = first[k];
                int j = second[k];
                double dot = 0;
                double r2 = 0;
                double v2 = 0;
                for (int a = 0; a < 3; a++) {
                    double r = xyz[3 * i + a] - xyz[3 * j + a];
                    double v = velocities[3 * i + a] - velocities[3 * j + a];
                    dot += r * v;
                    r2 += r * r;
                    v2 += v * v;
                }
                if (dot * dot > tolerance * tolerance * r2 * v2) {
                    converged = false;
                    double g = dot / (r2 * (inverseMasses[i] + inverseMasses[j]));
                    for (int a = 0; a < 3; a++) {
                        double r = xyz[3 * i + a] - xyz[3 * j + a];
                        velocities[3 * i + a] -= g * r * inverseMasses[i];
                        velocities[3 * j + a] += g * r * inverseMasses[j];
                    }
                }
            }
            if (converged) {
                return;
            }
        }
        throw new IllegalStateException("RATTLE did not converge in " + MAX_ITERATIONS + " iterations");
    }

    private static double distanceSquared(double[] xyz, int i, int j) {
        double dx = xyz[3 * i] - xyz[3 * j];
        double dy = xyz[3 * i + 1] - xyz[3 * j + 1];
        double dz = xyz[3 * i + 2] - xyz[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }
}
