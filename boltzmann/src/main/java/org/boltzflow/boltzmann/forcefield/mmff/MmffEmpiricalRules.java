package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.Map;

/**
 * The MMFF94 empirical rules for parameters no table holds (Halgren, J. Comput. Chem. 17, 616 (1996), "MMFF.V"):
 * bond length from covalent radii and electronegativities with the force constant from a reference bond or Badger's
 * rule; angle rest value from the central atom's coordination and force constant from element factors; torsion
 * barriers from the central bond's chemistry.
 */
final class MmffEmpiricalRules {
    /** Angle-rule element factors Z and C (MMFF.V Table VI), by atomic number. */
    private static final Map<Integer, double[]> ANGLE_ZC = Map.ofEntries(Map.entry(1, new double[] {1.395, 0}),
            Map.entry(6, new double[] {2.494, 1.016}), Map.entry(7, new double[] {2.711, 1.113}),
            Map.entry(8, new double[] {3.045, 1.337}), Map.entry(9, new double[] {2.847, 0}),
            Map.entry(14, new double[] {2.350, 0.811}), Map.entry(15, new double[] {2.350, 1.068}),
            Map.entry(16, new double[] {2.980, 1.249}), Map.entry(17, new double[] {2.909, 1.078}),
            Map.entry(35, new double[] {3.017, 0}), Map.entry(53, new double[] {3.086, 0}));
    /** Torsion-rule element factors U, V, W (MMFF.V), by atomic number. */
    private static final Map<Integer, double[]> TORSION_UVW = Map.of(6, new double[] {2.0, 2.12, 0},
            7, new double[] {2.0, 1.5, 0}, 8, new double[] {2.0, 0.2, 2.0}, 14, new double[] {1.25, 1.22, 0},
            15, new double[] {1.25, 2.40, 0}, 16, new double[] {1.25, 0.49, 8.0});

    private MmffEmpiricalRules() {}

    /** Periodic-table row with H = 0, Li-Ne = 1, Na-Ar = 2, K-Kr = 3, Rb-Xe = 4 (default stretch-bend rule). */
    static int row(int z) {
        if (z >= 3 && z <= 10) {
            return 1;
        } else if (z >= 11 && z <= 18) {
            return 2;
        } else if (z >= 19 && z <= 36) {
            return 3;
        } else if (z >= 37 && z <= 54) {
            return 4;
        }
        return 0;
    }

    /** Periodic-table row in Herschbach-Laurie numbering: H 0, He 1, Li-Ne 2, ...; transition metals times ten. */
    private static int badgerRow(int z) {
        int row = z == 2 ? 1 : z >= 3 && z <= 54 ? row(z) + 1 : 0;
        return (z >= 21 && z <= 30) || (z >= 39 && z <= 48) ? row * 10 : row;
    }

    /** {r0, kb} of a bond between elements z1 and z2 with no tabulated parameters. */
    static double[] bond(MmffParameters p, int z1, int z2) {
        double[] a = p.covalent(z1);
        double[] b = p.covalent(z2);
        if (a == null || b == null) {
            throw new MmffTypingException("no MMFF94 empirical bond rule for elements " + z1 + " and " + z2);
        }
        double c = z1 == 1 || z2 == 1 ? 0.050 : 0.085;
        double r0 = a[0] + b[0] - c * Math.pow(Math.abs(a[1] - b[1]), 1.4);
        double[] reference = p.referenceBond(z1, z2);
        if (reference != null) {
            return new double[] {r0, reference[1] * Math.pow(reference[0] / r0, 6)};
        }
        double[] badger = p.badger(badgerRow(z1), badgerRow(z2));
        if (badger == null) {
            throw new MmffTypingException("no MMFF94 Badger's-rule parameters for elements " + z1 + " and " + z2);
        }
        return new double[] {r0, Math.pow(10.0, -(r0 - badger[0]) / badger[1])};
    }

    /** The empirical rest angle (degrees) for a central atom when not even a wild-card entry exists. */
    static double restAngle(MmffTypeProperties central, int centralZ, int ringSize) {
        if (ringSize == 3) {
            return 60.0;
        } else if (ringSize == 4) {
            return 90.0;
        }
        switch (central.crd()) {
            case 4:
                return 109.45;
            case 2:
                if (centralZ == 8) {
                    return 105.0;
                }
                return central.linear() ? 180.0 : 120.0;
            case 3:
                if (central.val() == 3 && central.mltb() == 0) {
                    return centralZ == 7 ? 107.0 : 92.0;
                }
                return 120.0;
            default:
                return 120.0;
        }
    }

    /** The empirical angle force constant (md Angstrom/rad^2) of i-j-k with rest angle theta0 and bond rest lengths. */
    static double angleForceConstant(int zi, int zj, int zk, double theta0, double r0ij, double r0jk, int ringSize) {
        double beta = 1.75 * (ringSize == 4 ? 0.85 : ringSize == 3 ? 0.05 : 1.0);
        double d = (r0ij - r0jk) * (r0ij - r0jk) / ((r0ij + r0jk) * (r0ij + r0jk));
        double t = Math.toRadians(theta0);
        return beta * factors(ANGLE_ZC, zi)[0] * factors(ANGLE_ZC, zj)[1] * factors(ANGLE_ZC, zk)[0]
                / ((r0ij + r0jk) * t * t * Math.exp(2.0 * d));
    }

    /**
     * {V1, V2, V3} for a torsion about j-k with no tabulated parameters.
     *
     * @param order the Kekulé order of the j-k bond
     * @param aromaticBond whether j-k is MMFF-aromatic
     */
    static double[] torsion(MmffTypeProperties j, MmffTypeProperties k, int zj, int zk, int order,
            boolean aromaticBond) {
        double[] fj = factors(TORSION_UVW, zj);
        double[] fk = factors(TORSION_UVW, zk);
        double u = Math.sqrt(fj[0] * fk[0]);
        double v3 = Math.sqrt(fj[1] * fk[1]) / ((j.crd() - 1) * (k.crd() - 1));
        boolean single = order == 1 && !aromaticBond;
        if (j.linear() || k.linear()) {
            return new double[3];
        } else if (j.aromatic() && k.aromatic() && aromaticBond) {
            double beta = (j.val() == 3 && k.val() == 4) || (j.val() == 4 && k.val() == 3) ? 3.0 : 6.0;
            double pi = !j.pilp() && !k.pilp() ? 0.5 : 0.3;
            return new double[] {0, beta * pi * u, 0};
        } else if (order == 2 && !aromaticBond) {
            return new double[] {0, 6.0 * (j.mltb() == 2 && k.mltb() == 2 ? 1.0 : 0.4) * u, 0};
        } else if (j.crd() == 4 && k.crd() == 4) {
            return new double[] {0, 0, v3};
        } else if (j.crd() == 4) {
            return conjugatedNeighbour(k) ? new double[3] : new double[] {0, 0, v3};
        } else if (k.crd() == 4) {
            return conjugatedNeighbour(j) ? new double[3] : new double[] {0, 0, v3};
        } else if ((single && j.mltb() > 0 && k.mltb() > 0) || (j.mltb() > 0 && k.pilp()) || (j.pilp() && k.mltb() > 0)) {
            return new double[] {0, 6.0 * conjugationPi(j, k, zj, zk) * u, 0};
        } else if ((zj == 8 || zj == 16) && (zk == 8 || zk == 16)) {
            return new double[] {0, -Math.sqrt(fj[2] * fk[2]), 0};
        }
        return new double[] {0, 0, v3};
    }

    /** Whether the non-tetrahedral partner of an sp3 atom has the conjugation that zeroes the barrier (rules e, f). */
    private static boolean conjugatedNeighbour(MmffTypeProperties other) {
        return (other.crd() == 3 && (other.val() == 4 || other.val() == 34 || other.mltb() > 0))
                || (other.crd() == 2 && (other.val() == 3 || other.mltb() > 0));
    }

    /** The pi bond order of rule (g) for a conjugated single bond; 0 when both atoms have a pi lone pair. */
    private static double conjugationPi(MmffTypeProperties j, MmffTypeProperties k, int zj, int zk) {
        if (j.pilp() && k.pilp()) {
            return 0.0;
        }
        // RDKit, the reference this force field is held to, tests both atoms for the Na-Ar row here
        boolean secondRow = row(zj) == 2 && row(zk) == 2;
        if (j.pilp() && k.mltb() > 0) {
            return j.mltb() == 1 ? 0.5 : secondRow ? 0.3 : 0.15;
        } else if (k.pilp() && j.mltb() > 0) {
            return k.mltb() == 1 ? 0.5 : secondRow ? 0.3 : 0.15;
        } else if ((j.mltb() == 1 || k.mltb() == 1) && (zj != 6 || zk != 6)) {
            return 0.4;
        }
        return 0.15;
    }

    private static double[] factors(Map<Integer, double[]> table, int z) {
        double[] f = table.get(z);
        return f != null ? f : new double[3];
    }
}
