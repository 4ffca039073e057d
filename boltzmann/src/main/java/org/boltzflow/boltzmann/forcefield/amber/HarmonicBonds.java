package org.boltzflow.boltzmann.forcefield.amber;

import org.boltzflow.boltzmann.energy.Units;

/**
 * Harmonic bonds E = k (r - r0)², in OpenMM units (k in kJ/mol/nm², r0 in nm). Every bond is an arm of one of the
 * {@link ValenceTriples} (most are arms of angles), so the bond vectors and lengths come from the geometry the angles
 * and torsions share, and the forces, along the arms, from its force pass: per triple, bonds on its arm a and on its
 * arm c (k = 0 where there is none), in loops the JIT vectorizes.
 */
final class HarmonicBonds extends GeometryTerm<ValenceGeometry> {
    private final int count;
    private final double[] kA; // per triple, the bond on arm a (0 for none)
    private final double[] r0A;
    private final double[] kC; // and on arm c
    private final double[] r0C;
    private final ThreadLocal<double[]> energy;

    HarmonicBonds(Prmtop p, ValenceTriples triples) {
        super(() -> new ValenceGeometry(triples));
        count = triples.count;
        kA = new double[count];
        r0A = new double[count];
        kC = new double[count];
        r0C = new double[count];
        double kScale = Units.KJ_PER_KCAL / (Units.NM_PER_ANGSTROM * Units.NM_PER_ANGSTROM);
        for (int t = 0; t < count; t++) {
            for (int side = 0; side < 2; side++) {
                int b = side == 0 ? triples.bondA[t] : triples.bondC[t];
                if (b != ValenceTriples.NONE) {
                    int type = p.bonds().get(b).type();
                    (side == 0 ? kA : kC)[t] = p.bondK()[type] * kScale;
                    (side == 0 ? r0A : r0C)[t] = p.bondR0()[type] * Units.NM_PER_ANGSTROM;
                }
            }
        }
        energy = ThreadLocal.withInitial(() -> new double[count]);
    }

    @Override
    public String name() {
        return "bond";
    }

    /** Sets the stretch force factors -dE/dr / r of the bonds on each triple's arms a and c. */
    @Override
    double addEnergyAndForceFactors(ValenceGeometry g) {
        double[] e = energy.get();
        for (int t = 0; t < count; t++) {
            g.stretchA[t] = -2 * kA[t] * (g.lengthA[t] - r0A[t]) * g.inverseA[t];
        }
        for (int t = 0; t < count; t++) {
            g.stretchC[t] = -2 * kC[t] * (g.lengthC[t] - r0C[t]) * g.inverseC[t];
        }
        for (int t = 0; t < count; t++) {
            e[t] = kA[t] * (g.lengthA[t] - r0A[t]) * (g.lengthA[t] - r0A[t]);
        }
        for (int t = 0; t < count; t++) {
            e[t] += kC[t] * (g.lengthC[t] - r0C[t]) * (g.lengthC[t] - r0C[t]);
        }
        return ArraySum.of(e, count);
    }
}
