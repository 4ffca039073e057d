package org.boltzflow.boltzmann.forcefield.amber;

import org.boltzflow.boltzmann.energy.Units;

/**
 * Lennard-Jones pair coefficients E = A/r¹² - B/r⁶ (kJ/mol·nm¹², kJ/mol·nm⁶) of a prmtop, as OpenMM builds them:
 * when every A/B pair entry agrees (to 1e-6) with Lorentz-Berthelot combination of the per-type r_min/2 and ε
 * read from the diagonal, pairs use that combination (OpenMM's NonbondedForce); otherwise (NBFIX tables) the
 * A/B table itself (OpenMM's CustomNonbondedForce). 1-4 pairs always combine per-type values, as OpenMM does.
 */
final class LennardJonesTable {
    private static final double KJ_NM6 = Units.KJ_PER_KCAL * Math.pow(Units.NM_PER_ANGSTROM, 6);
    private static final double KJ_NM12 = KJ_NM6 * Math.pow(Units.NM_PER_ANGSTROM, 6);

    private final Prmtop p;
    private final double[] halfRmin; // Å, per type
    private final double[] epsilon; // kcal/mol, per type
    private final boolean combined;

    LennardJonesTable(Prmtop p) {
        this.p = p;
        int types = p.typeCount();
        halfRmin = new double[types];
        epsilon = new double[types];
        for (int atom = 0; atom < p.atomCount(); atom++) {
            int t = p.atomTypeIndex()[atom];
            int index = tableIndex(atom, atom);
            double a = p.ljA()[index];
            double b = p.ljB()[index];
            halfRmin[t] = a == 0 || b == 0 ? 0.5 : Math.pow(2 * a / b, 1 / 6.0) / 2;
            epsilon[t] = a == 0 || b == 0 ? 0 : 0.25 * b * b / a;
        }
        combined = followsLorentzBerthelot();
    }

    /** Whether pairs use the Lorentz-Berthelot combination of per-type parameters (no NBFIX in the table). */
    boolean combined() {
        return combined;
    }

    /** {A, B} of a non-bonded pair, in kJ/mol·nm¹² and kJ/mol·nm⁶. */
    double[] pair(int i, int j) {
        if (combined) {
            return fromTypes(i, j);
        }
        int index = tableIndex(i, j);
        return new double[] {p.ljA()[index] * KJ_NM12, p.ljB()[index] * KJ_NM6};
    }

    /** {A, B} of a 1-4 pair before SCNB scaling, from the per-type values. */
    double[] pair14(int i, int j) {
        return fromTypes(i, j);
    }

    private double[] fromTypes(int i, int j) {
        int ti = p.atomTypeIndex()[i];
        int tj = p.atomTypeIndex()[j];
        double rmin = (halfRmin[ti] + halfRmin[tj]) * Units.NM_PER_ANGSTROM;
        double eps = Math.sqrt(epsilon[ti] * Units.KJ_PER_KCAL * epsilon[tj] * Units.KJ_PER_KCAL);
        double rmin6 = Math.pow(rmin, 6);
        return new double[] {eps * rmin6 * rmin6, 2 * eps * rmin6};
    }

    private boolean followsLorentzBerthelot() {
        int types = p.typeCount();
        for (int ti = 0; ti < types; ti++) {
            for (int tj = 0; tj < types; tj++) {
                int index = p.ljPairIndex()[types * ti + tj] - 1;
                if (index < 0) {
                    continue;
                }
                double rij = halfRmin[ti] + halfRmin[tj];
                double wdij = Math.sqrt(epsilon[ti] * epsilon[tj]);
                double a = p.ljA()[index];
                double b = p.ljB()[index];
                if (a == 0 || b == 0) {
                    if (a != 0 || b != 0 || (wdij != 0 && rij != 0)) {
                        return false;
                    }
                } else if (Math.abs((a - wdij * Math.pow(rij, 12)) / a) > 1e-6
                        || Math.abs((b - 2 * wdij * Math.pow(rij, 6)) / b) > 1e-6) {
                    return false;
                }
            }
        }
        return true;
    }

    private int tableIndex(int i, int j) {
        int types = p.typeCount();
        int index = p.ljPairIndex()[types * p.atomTypeIndex()[i] + p.atomTypeIndex()[j]];
        if (index <= 0) {
            throw new IllegalArgumentException(p.source() + ": atoms " + (i + 1) + " and " + (j + 1)
                    + " use a 10-12 hydrogen-bond term (NONBONDED_PARM_INDEX " + index + "), which is not supported");
        }
        return index - 1;
    }
}
