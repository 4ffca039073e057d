package org.boltzflow.boltzmann.forcefield.amber;

import java.util.HashMap;
import java.util.Map;
import org.boltzflow.boltzmann.energy.Units;

/**
 * Lennard-Jones and Coulomb over all atom pairs without cutoff, as OpenMM's NonbondedForce with NoCutoff: pairs in
 * {@code EXCLUDED_ATOMS_LIST} are skipped, 1-4 pairs (from dihedrals whose third index is not negative) are scaled
 * by 1/SCEE and 1/SCNB (per dihedral type, else 1.2 and 2.0). LJ pair coefficients come from
 * {@link LennardJonesTable}. Parameters are kept per pair of a {@link PairList}, all pairs (zero for excluded ones,
 * sharing the GB term's geometry) or only the interacting ones: one flat loop the JIT vectorizes, which suits the
 * small molecules this project samples.
 */
final class Nonbonded extends PairTerm {
    private static final double DEFAULT_SCEE = 1.2;
    private static final double DEFAULT_SCNB = 2.0;

    private final double[] chargeProduct; // per listed pair
    private final double[] a; // LJ r⁻¹² coefficient
    private final double[] b; // LJ r⁻⁶ coefficient

    private Nonbonded(PairList pairs, double[][] allPairs) {
        super(pairs);
        int count = pairs.size();
        chargeProduct = new double[count];
        a = new double[count];
        b = new double[count];
        int[] index = allPairIndex(pairs);
        for (int p = 0; p < count; p++) {
            chargeProduct[p] = allPairs[0][index[p]];
            a[p] = allPairs[1][index[p]];
            b[p] = allPairs[2][index[p]];
        }
    }

    /** Over every atom pair, as the GB term's geometry needs: one flat loop for both terms. */
    static Nonbonded overAllPairs(Prmtop p) {
        return new Nonbonded(PairList.all(p.atomCount()), parameters(p));
    }

    /** Over the pairs that interact (not excluded), the fewest to measure when no other pair term runs. */
    static Nonbonded overInteractingPairs(Prmtop p) {
        double[][] parameters = parameters(p);
        boolean[] keep = new boolean[parameters[0].length];
        for (int pair = 0; pair < keep.length; pair++) {
            keep[pair] = parameters[0][pair] != 0 || parameters[1][pair] != 0 || parameters[2][pair] != 0;
        }
        return new Nonbonded(PairList.of(p.atomCount(), keep), parameters);
    }

    /** Each listed pair's index in the list of all pairs. */
    private static int[] allPairIndex(PairList pairs) {
        int n = pairs.atoms;
        int[] index = new int[pairs.size()];
        for (int i = 0; i < n; i++) {
            for (int p = pairs.rowStart[i]; p < pairs.rowStart[i + 1]; p++) {
                int j = pairs.partner[p];
                index[p] = i * n - i * (i + 1) / 2 + (j - i - 1);
            }
        }
        return index;
    }

    /** Charge products and LJ coefficients of every pair, in {@link PairList#all} order; zero for excluded pairs. */
    private static double[][] parameters(Prmtop p) {
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
                    Units.ONE_4PI_EPS0 * q[d.i()] * q[d.l()] / scee, ab[0] / scnb, ab[1] / scnb});
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j : p.excluded()[i]) {
                exceptions.putIfAbsent(key(i, j), new double[3]);
            }
        }
        double[][] parameters = new double[3][n * Math.max(0, n - 1) / 2];
        for (int i = 0, pair = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, pair++) {
                double[] params = exceptions.get(key(i, j));
                if (params == null) {
                    double[] ab = lj.pair(i, j);
                    params = new double[] {Units.ONE_4PI_EPS0 * q[i] * q[j], ab[0], ab[1]};
                }
                for (int k = 0; k < 3; k++) {
                    parameters[k][pair] = params[k];
                }
            }
        }
        return parameters;
    }

    private static long key(int i, int j) {
        return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }

    @Override
    public String name() {
        return "nonbonded";
    }

    @Override
    double addEnergyAndForceFactors(PairGeometry pairs) {
        double[] invR = pairs.invR;
        double[] radial = pairs.radial;
        double[] pairEnergy = pairs.energy;
        for (int p = 0; p < chargeProduct.length; p++) {
            double inv2 = invR[p] * invR[p];
            double inv6 = inv2 * inv2 * inv2;
            double coulomb = chargeProduct[p] * invR[p];
            double repulsion = a[p] * inv6 * inv6;
            double dispersion = b[p] * inv6;
            pairEnergy[p] = coulomb + repulsion - dispersion;
            radial[p] += (coulomb + 12 * repulsion - 6 * dispersion) * inv2; // -dE/dr / r
        }
        return ArraySum.of(pairEnergy, chargeProduct.length);
    }
}
