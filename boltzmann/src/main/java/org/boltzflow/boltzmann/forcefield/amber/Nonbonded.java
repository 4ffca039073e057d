package org.boltzflow.boltzmann.forcefield.amber;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Lennard-Jones and Coulomb over all atom pairs without cutoff, as OpenMM's NonbondedForce with NoCutoff: pairs in
 * {@code EXCLUDED_ATOMS_LIST} are skipped, 1-4 pairs (from dihedrals whose third index is not negative) are scaled
 * by 1/SCEE and 1/SCNB (per dihedral type, else 1.2 and 2.0). LJ pair coefficients come from
 * {@link LennardJonesTable}. The pair list is precomputed, which suits the small molecules this project samples.
 */
final class Nonbonded implements EnergyTerm {
    private static final double DEFAULT_SCEE = 1.2;
    private static final double DEFAULT_SCNB = 2.0;

    private final int[] pairs;
    private final double[] chargeProduct;
    private final double[] a;
    private final double[] b;

    Nonbonded(Prmtop p) {
        int n = p.atomCount();
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = p.charges()[i] / Prmtop.CHARGE_FACTOR;
        }
        LennardJonesTable lj = new LennardJonesTable(p);
        Map<Long, double[]> exceptions = new HashMap<>();
        for (Prmtop.Dihedral d : p.dihedrals()) {
            if (d.pair14() && !d.improper() && !exceptions.containsKey(key(d.i(), d.l()))) {
                double scee = p.sceeScale() != null ? p.sceeScale()[d.type()] : DEFAULT_SCEE;
                double scnb = p.scnbScale() != null ? p.scnbScale()[d.type()] : DEFAULT_SCNB;
                double[] ab = lj.pair14(d.i(), d.l());
                exceptions.put(key(d.i(), d.l()), new double[] {
                    AmberUnits.ONE_4PI_EPS0 * q[d.i()] * q[d.l()] / scee, ab[0] / scnb, ab[1] / scnb});
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j : p.excluded()[i]) {
                exceptions.putIfAbsent(key(i, j), new double[3]);
            }
        }
        int count = 0;
        int capacity = n * (n - 1) / 2;
        int[] pairList = new int[2 * capacity];
        double[] qq = new double[capacity];
        double[] aa = new double[capacity];
        double[] bb = new double[capacity];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double[] params = exceptions.get(key(i, j));
                if (params == null) {
                    double[] ab = lj.pair(i, j);
                    params = new double[] {AmberUnits.ONE_4PI_EPS0 * q[i] * q[j], ab[0], ab[1]};
                }
                if (params[0] == 0 && params[1] == 0 && params[2] == 0) {
                    continue;
                }
                pairList[2 * count] = i;
                pairList[2 * count + 1] = j;
                qq[count] = params[0];
                aa[count] = params[1];
                bb[count] = params[2];
                count++;
            }
        }
        pairs = Arrays.copyOf(pairList, 2 * count);
        chargeProduct = Arrays.copyOf(qq, count);
        a = Arrays.copyOf(aa, count);
        b = Arrays.copyOf(bb, count);
    }

    private static long key(int i, int j) {
        return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }

    @Override
    public String name() {
        return "nonbonded";
    }

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        double energy = 0;
        for (int p = 0; p < chargeProduct.length; p++) {
            int i = 3 * pairs[2 * p];
            int j = 3 * pairs[2 * p + 1];
            double dx = xyz[j] - xyz[i];
            double dy = xyz[j + 1] - xyz[i + 1];
            double dz = xyz[j + 2] - xyz[i + 2];
            double inv2 = 1 / (dx * dx + dy * dy + dz * dz);
            double inv1 = Math.sqrt(inv2);
            double inv6 = inv2 * inv2 * inv2;
            double coulomb = chargeProduct[p] * inv1;
            double repulsion = a[p] * inv6 * inv6;
            double dispersion = b[p] * inv6;
            energy += coulomb + repulsion - dispersion;
            double g = (coulomb + 12 * repulsion - 6 * dispersion) * inv2; // -dE/dr / r
            PairForces.add(forces, i, j, g, dx, dy, dz);
        }
        return energy;
    }
}
