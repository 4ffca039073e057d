package org.boltzflow.boltzmann.energy;

import java.util.List;

/**
 * A test double energy: harmonic springs {@code k/2 (r - r0)^2} between listed atom pairs plus a quartic term
 * {@code q (r - r0)^4} so the energy is not purely quadratic. Analytic forces.
 */
public final class HarmonicSprings implements EnergyModel {
    private final int atoms;
    private final int[][] pairs;
    private final double[] k;
    private final double[] r0;
    private final double quartic;

    public HarmonicSprings(int atoms, int[][] pairs, double[] k, double[] r0, double quartic) {
        this.atoms = atoms;
        this.pairs = pairs;
        this.k = k;
        this.r0 = r0;
        this.quartic = quartic;
    }

    /** Every pair of {@code atoms} atoms joined by a spring of rest length {@code r0 (1 + 0.1 * (i+j) % 3)}. */
    public static HarmonicSprings allPairs(int atoms, double stiffness, double restLength, double quartic) {
        int n = atoms * (atoms - 1) / 2;
        int[][] pairs = new int[n][];
        double[] k = new double[n];
        double[] r0 = new double[n];
        int p = 0;
        for (int i = 0; i < atoms; i++) {
            for (int j = i + 1; j < atoms; j++) {
                pairs[p] = new int[] {i, j};
                k[p] = stiffness;
                r0[p] = restLength * (1 + 0.1 * ((i + j) % 3));
                p++;
            }
        }
        return new HarmonicSprings(atoms, pairs, k, r0, quartic);
    }

    /** {@code n} configurations with Gaussian coordinates of standard deviation 0.2 nm, packed. */
    public double[] randomConfigurations(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[] x = new double[n * 3 * atoms];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.2 * random.nextGaussian();
        }
        return x;
    }

    @Override
    public int atomCount() {
        return atoms;
    }

    @Override
    public double energyAndForces(double[] xyz, double[] forces) {
        java.util.Arrays.fill(forces, 0);
        double energy = 0;
        for (int p = 0; p < pairs.length; p++) {
            int i = pairs[p][0];
            int j = pairs[p][1];
            double dx = xyz[3 * j] - xyz[3 * i];
            double dy = xyz[3 * j + 1] - xyz[3 * i + 1];
            double dz = xyz[3 * j + 2] - xyz[3 * i + 2];
            double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
            double d = r - r0[p];
            energy += 0.5 * k[p] * d * d + quartic * d * d * d * d;
            double dEdr = k[p] * d + 4 * quartic * d * d * d;
            double s = dEdr / r;
            forces[3 * i] += s * dx;
            forces[3 * i + 1] += s * dy;
            forces[3 * i + 2] += s * dz;
            forces[3 * j] -= s * dx;
            forces[3 * j + 1] -= s * dy;
            forces[3 * j + 2] -= s * dz;
        }
        return energy;
    }

    @Override
    public List<EnergyTerm> terms() {
        return List.of(new EnergyTerm() {
            @Override
            public String name() {
                return "springs";
            }

            @Override
            public double addEnergyAndForces(double[] xyz, double[] forces) {
                double[] own = new double[forces.length];
                double energy = energyAndForces(xyz, own);
                for (int c = 0; c < own.length; c++) {
                    forces[c] += own[c];
                }
                return energy;
            }
        });
    }
}
