package org.boltzflow.boltzmann.forcefield.amber;

import java.util.HashMap;
import java.util.Map;

/**
 * Lennard-Jones and Coulomb over all atom pairs without cutoff, as OpenMM's NonbondedForce with NoCutoff: pairs in
 * {@code EXCLUDED_ATOMS_LIST} are skipped, 1-4 pairs (from dihedrals whose third index is not negative) are scaled
 * by 1/SCEE and 1/SCNB (per dihedral type, else 1.2 and 2.0). LJ uses the prmtop's A/B pair coefficients. The pair
 * list is precomputed, which suits the small molecules this project samples.
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
        Map<Long, double[]> exceptions = new HashMap<>();
        for (Prmtop.Dihedral d : p.dihedrals()) {
            if (d.pair14() && !d.improper() && !exceptions.containsKey(key(d.i(), d.l()))) {
                double scee = p.sceeScale() != null ? p.sceeScale()[d.type()] : DEFAULT_SCEE;
                double scnb = p.scnbScale() != null ? p.scnbScale()[d.type()] : DEFAULT_SCNB;
                double[] lj = lennardJones(p, d.i(), d.l());
                exceptions.put(key(d.i(), d.l()), new double[] {
                    AmberUnits.ONE_4PI_EPS0 * q[d.i()] * q[d.l()] / scee, lj[0] / scnb, lj[1] / scnb});
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
                    double[] lj = lennardJones(p, i, j);
                    params = new double[] {AmberUnits.ONE_4PI_EPS0 * q[i] * q[j], lj[0], lj[1]};
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
        pairs = java.util.Arrays.copyOf(pairList, 2 * count);
        chargeProduct = java.util.Arrays.copyOf(qq, count);
        a = java.util.Arrays.copyOf(aa, count);
        b = java.util.Arrays.copyOf(bb, count);
    }

    /** The LJ A (kJ/mol·nm¹²) and B (kJ/mol·nm⁶) of an atom pair. */
    private static double[] lennardJones(Prmtop p, int i, int j) {
        int types = p.typeCount();
        int index = p.ljPairIndex()[types * p.atomTypeIndex()[i] + p.atomTypeIndex()[j]];
        if (index <= 0) {
            throw new IllegalArgumentException(p.source() + ": atoms " + (i + 1) + " and " + (j + 1)
                    + " use a 10-12 hydrogen-bond term (NONBONDED_PARM_INDEX " + index + "), which is not supported");
        }
        double a6 = Math.pow(AmberUnits.NM_PER_ANGSTROM, 6);
        return new double[] {p.ljA()[index - 1] * AmberUnits.KJ_PER_KCAL * a6 * a6, p.ljB()[index - 1] * AmberUnits.KJ_PER_KCAL * a6};
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
            forces[i] -= g * dx;
            forces[i + 1] -= g * dy;
            forces[i + 2] -= g * dz;
            forces[j] += g * dx;
            forces[j + 1] += g * dy;
            forces[j + 2] += g * dz;
        }
        return energy;
    }
}
