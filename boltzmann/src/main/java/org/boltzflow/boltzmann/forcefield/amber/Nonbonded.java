package org.boltzflow.boltzmann.forcefield.amber;

import java.util.HashMap;
import java.util.Map;

/**
 * Lennard-Jones and Coulomb over all atom pairs without cutoff, as OpenMM's NonbondedForce with NoCutoff: pairs in
 * {@code EXCLUDED_ATOMS_LIST} are skipped, 1-4 pairs (from dihedrals whose third index is not negative) are scaled
 * by 1/SCEE and 1/SCNB (per dihedral type, else 1.2 and 2.0). LJ pair coefficients come from
 * {@link LennardJonesTable}. Parameters are kept for every pair of {@link PairGeometry} (zero for excluded pairs),
 * which suits the small molecules this project samples: one flat loop the JIT vectorizes.
 */
final class Nonbonded extends PairTerm {
    private static final double DEFAULT_SCEE = 1.2;
    private static final double DEFAULT_SCNB = 2.0;

    private final double[] chargeProduct; // per pair of PairGeometry; zero for excluded pairs
    private final double[] a; // LJ r⁻¹² coefficient
    private final double[] b; // LJ r⁻⁶ coefficient

    Nonbonded(Prmtop p) {
        super(p.atomCount());
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
        int pairs = n * (n - 1) / 2;
        chargeProduct = new double[pairs];
        a = new double[pairs];
        b = new double[pairs];
        for (int i = 0, pair = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, pair++) {
                double[] params = exceptions.get(key(i, j));
                if (params == null) {
                    double[] ab = lj.pair(i, j);
                    params = new double[] {AmberUnits.ONE_4PI_EPS0 * q[i] * q[j], ab[0], ab[1]};
                }
                chargeProduct[pair] = params[0];
                a[pair] = params[1];
                b[pair] = params[2];
            }
        }
    }

    private static long key(int i, int j) {
        return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }

    @Override
    public String name() {
        return "nonbonded";
    }

    @Override
    double addEnergyAndRadialForces(PairGeometry pairs) {
        double[] invR = pairs.invR;
        double[] radial = pairs.radial;
        double energy = 0;
        for (int p = 0; p < chargeProduct.length; p++) {
            double inv2 = invR[p] * invR[p];
            double inv6 = inv2 * inv2 * inv2;
            double coulomb = chargeProduct[p] * invR[p];
            double repulsion = a[p] * inv6 * inv6;
            double dispersion = b[p] * inv6;
            energy += coulomb + repulsion - dispersion;
            radial[p] += (coulomb + 12 * repulsion - 6 * dispersion) * inv2; // -dE/dr / r
        }
        return energy;
    }
}
