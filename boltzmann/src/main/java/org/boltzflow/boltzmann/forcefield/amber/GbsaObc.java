package org.boltzflow.boltzmann.forcefield.amber;

import org.boltzflow.boltzmann.energy.Units;

/**
 * Generalized Born implicit solvent, OBC variant, with the ACE non-polar term, as OpenMM's
 * {@code AmberPrmtopFile.createSystem(implicitSolvent=OBC1|OBC2)} builds it (solute dielectric 1, solvent 78.5).
 *
 * <p>Born radii: offset radius ρ = R - 0.009 nm, scaled radius s = screen·ρ; ψ_i = ρ_i Σ_j I_ij with the HCT
 * pair integrals of {@link HctIntegrals}; B_i = 1/(1/ρ_i - tanh(αψ - βψ² + γψ³)/R_i). Energy:
 * -½ k (1/ε_in - 1/ε_out) Σ_ij q_i q_j / f_ij, f_ij = sqrt(r² + B_i B_j exp(-r²/4B_iB_j)), plus ACE
 * Σ_i c (R_i + 0.14)² (R_i/B_i)⁶. OBC1 is OpenMM's CustomGBForce (k = 138.935485, c = 28.3919551); OBC2 is its
 * built-in GBSAOBCForce (k = 138.93545764438198, c = 4π·2.25936, and the Tinker term for an atom inside a
 * scaled sphere). Forces are the exact gradient, chained through the Born radii.
 *
 * <p>Speed: the pair distances come from the shared {@link PairGeometry}, and each pair's HCT slopes and
 * exponentials are computed once into flat arrays of a per-thread {@link GbScratch} (one call allocates nothing),
 * shared by the Born radii, energy and chain-rule passes; the arithmetic passes are plain loops over those arrays
 * so the JIT vectorizes them (exponentials by {@link ArrayExp}), per-atom sums stay in registers along a row of
 * pairs, and every pair force, direct and through the Born radii, goes to the geometry's radial factors. Results
 * equal the direct formulas to round-off (about 1e-14 relative).
 */
final class GbsaObc extends PairTerm {
    private static final double OFFSET = 0.009;
    private static final double PROBE = 0.14;
    private static final double SOLUTE_DIELECTRIC = 1.0;
    private static final double SOLVENT_DIELECTRIC = 78.5;

    private final int n;
    private final int pairs;
    private final HctIntegrals hct;
    private final double[] offsetRadius;
    private final double[] scaledRadius;
    private final double[] inverseOffsetRadius;
    private final double[] inverseRadius;
    private final double[] selfFactor; // ½ k (1/ε_in - 1/ε_out)·(-q_i²), the Born self energy times B_i
    private final double[] aceFactor; // c (R_i + 0.14)² R_i⁶, the ACE energy times B_i⁶
    private final double[] chargeProduct; // per pair i < j: -k (1/ε_in - 1/ε_out) q_i q_j
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final boolean engulfedTerm;
    private final ThreadLocal<GbScratch> scratch;

    /** The GB term of a prmtop; its geometry must list every atom pair ({@link PairList#all}). */
    GbsaObc(Prmtop p, Solvent solvent) {
        super(PairList.all(p.atomCount()));
        if (p.radii() == null || p.screen() == null) {
            throw new IllegalArgumentException(p.source() + ": implicit solvent " + solvent.label()
                    + " needs %FLAG RADII and %FLAG SCREEN, which this prmtop lacks");
        }
        double coulomb;
        double ace;
        if (solvent == Solvent.OBC1) {
            alpha = 0.8;
            beta = 0;
            gamma = 2.909125;
            coulomb = 138.935485;
            ace = 28.3919551;
            engulfedTerm = false;
        } else if (solvent == Solvent.OBC2) {
            alpha = 1.0;
            beta = 0.8;
            gamma = 4.85;
            coulomb = Units.ONE_4PI_EPS0;
            ace = 4 * Math.PI * 2.25936;
            engulfedTerm = true;
        } else {
            throw new IllegalArgumentException("GB-OBC needs solvent obc1 or obc2, not " + solvent.label());
        }
        double prefactor = -coulomb * (1 / SOLUTE_DIELECTRIC - 1 / SOLVENT_DIELECTRIC);
        n = p.atomCount();
        double[] charge = new double[n];
        offsetRadius = new double[n];
        scaledRadius = new double[n];
        inverseOffsetRadius = new double[n];
        inverseRadius = new double[n];
        selfFactor = new double[n];
        aceFactor = new double[n];
        for (int i = 0; i < n; i++) {
            charge[i] = p.charges()[i] / Prmtop.CHARGE_FACTOR;
            double radius = p.radii()[i] * Units.NM_PER_ANGSTROM;
            offsetRadius[i] = radius - OFFSET;
            if (!(offsetRadius[i] > 0 && p.screen()[i] >= 0)) {
                throw new IllegalArgumentException(p.source() + ": atom " + (i + 1) + " (" + p.atomNames()[i]
                        + ") has GB radius " + p.radii()[i] + " Å and screen " + p.screen()[i]
                        + "; GB-OBC needs a radius above 0.09 Å and a screen of at least 0");
            }
            scaledRadius[i] = p.screen()[i] * offsetRadius[i];
            inverseOffsetRadius[i] = 1 / offsetRadius[i];
            inverseRadius[i] = 1 / radius;
            selfFactor[i] = 0.5 * prefactor * charge[i] * charge[i];
            double radius3 = radius * radius * radius;
            aceFactor[i] = ace * (radius + PROBE) * (radius + PROBE) * radius3 * radius3;
        }
        chargeProduct = new double[n * (n - 1) / 2];
        for (int i = 0, pair = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, pair++) {
                chargeProduct[pair] = prefactor * charge[i] * charge[j];
            }
        }
        pairs = n * (n - 1) / 2;
        hct = new HctIntegrals(offsetRadius, scaledRadius, engulfedTerm);
        scratch = ThreadLocal.withInitial(() -> new GbScratch(n));
    }

    @Override
    public String name() {
        return "gb";
    }

    @Override
    double addEnergyAndForceFactors(PairGeometry geometry) {
        GbScratch s = scratch.get();
        hct.evaluate(geometry, s);
        bornRadii(s);
        double energy = selfEnergies(s) + pairEnergies(geometry, s);
        chainRule(geometry, s);
        return energy;
    }

    /**
     * Born radii B_i, 1/B_i and dB_i/dI_i from the integrals, in flat loops over the atoms: tanh x (x ≥ 0) is
     * (1 - e^-2x)/(1 + e^-2x) with e^-2x by {@link ArrayExp}. For small x that has a few ulp of relative error, but
     * its absolute error stays about 1e-16 and B_i = 1/(1/ρ_i - tanh x/R_i) needs no more (the {@code Math.tanh}
     * native call cost several times more).
     */
    private void bornRadii(GbScratch s) {
        double[] psi = s.psi;
        double[] twiceArgument = s.twiceArgument;
        double[] tanh = s.tanh;
        for (int i = 0; i < n; i++) {
            psi[i] = s.sum[i] * offsetRadius[i];
        }
        for (int i = 0; i < n; i++) {
            twiceArgument[i] = 2 * psi[i] * (alpha - psi[i] * (beta - gamma * psi[i]));
        }
        ArrayExp.ofNegative(twiceArgument, tanh, s.born, n); // e^-2x; born serves as scratch until below
        for (int i = 0; i < n; i++) {
            tanh[i] = (1 - tanh[i]) / (1 + tanh[i]);
        }
        for (int i = 0; i < n; i++) {
            s.inverseBorn[i] = inverseOffsetRadius[i] - tanh[i] * inverseRadius[i];
        }
        for (int i = 0; i < n; i++) {
            s.born[i] = 1 / s.inverseBorn[i];
        }
        for (int i = 0; i < n; i++) {
            s.quarterInverseBorn[i] = 0.25 * s.inverseBorn[i];
        }
        for (int i = 0; i < n; i++) {
            s.bornChain[i] = s.born[i] * s.born[i] * (1 - tanh[i] * tanh[i])
                    * (alpha - psi[i] * (2 * beta - 3 * gamma * psi[i])) * offsetRadius[i] * inverseRadius[i];
        }
    }

    /** Born self energies and ACE; starts dE/dB_i with their derivatives. */
    private double selfEnergies(GbScratch s) {
        double energy = 0;
        for (int i = 0; i < n; i++) {
            double inverse = s.inverseBorn[i];
            double inverse3 = inverse * inverse * inverse;
            double self = selfFactor[i] * inverse;
            double ace = aceFactor[i] * inverse3 * inverse3;
            energy += self + ace;
            s.dEdB[i] = -(self + 6 * ace) * inverse;
        }
        return energy;
    }

    /** Pair GB energies; their forces at fixed Born radii go to the radial forces, their dE/dB to {@code s.dEdB}. */
    private double pairEnergies(PairGeometry geometry, GbScratch s) {
        double[] born = s.born;
        double[] bb = s.bornProduct;
        double[] exponent = s.exponent;
        double[] exp = s.exp;
        for (int i = 0, p = 0; i < n; i++) {
            double bornI = born[i];
            double quarterInverseI = s.quarterInverseBorn[i];
            for (int j = i + 1; j < n; j++, p++) {
                bb[p] = bornI * born[j];
                exponent[p] = geometry.rr[p] * quarterInverseI * s.inverseBorn[j]; // r²/(4 B_i B_j)
            }
        }
        ArrayExp.ofNegative(exponent, exp, s.pairEnergy, pairs); // pairEnergy serves as scratch until below
        double[] rr = geometry.rr;
        double[] pairEnergy = s.pairEnergy;
        double[] dEdBB = s.dEdBB;
        double[] radial = geometry.radial;
        for (int p = 0; p < pairs; p++) { // short loops: the JIT vectorizes them, long ones it does not
            double invF = 1 / Math.sqrt(rr[p] + bb[p] * exp[p]);
            bb[p] = invF * invF; // B_i B_j is not needed any more
            pairEnergy[p] = chargeProduct[p] * invF;
        }
        for (int p = 0; p < pairs; p++) {
            dEdBB[p] = -0.5 * pairEnergy[p] * exp[p] * (1 + exponent[p]) * bb[p];
        }
        for (int p = 0; p < pairs; p++) {
            radial[p] += pairEnergy[p] * (1 - 0.25 * exp[p]) * bb[p];
        }
        double[] dEdB = s.dEdB;
        for (int i = 0, p = 0; i < n; i++) {
            double bornI = born[i];
            double dEdBi = dEdB[i];
            for (int j = i + 1; j < n; j++, p++) {
                dEdBi += dEdBB[p] * born[j];
                dEdB[j] += dEdBB[p] * bornI;
            }
            dEdB[i] = dEdBi;
        }
        return ArraySum.of(pairEnergy, pairs);
    }

    /** Adds each pair's force through the Born radii, -(dE/dI_i dI_ij/dr + dE/dI_j dI_ji/dr) / r, to the radial forces. */
    private void chainRule(PairGeometry geometry, GbScratch s) {
        double[] dEdI = s.dEdB;
        for (int i = 0; i < n; i++) {
            dEdI[i] *= s.bornChain[i]; // dE/dB_i -> dE/dI_i
        }
        double[] slope = s.slope;
        double[] invR = geometry.invR;
        double[] radial = geometry.radial;
        for (int i = 0, p = 0; i < n; i++) {
            double dEdIi = dEdI[i];
            for (int j = i + 1; j < n; j++, p++) {
                radial[p] -= (dEdIi * slope[p] + dEdI[j] * slope[p + pairs]) * invR[p];
            }
        }
    }
}
