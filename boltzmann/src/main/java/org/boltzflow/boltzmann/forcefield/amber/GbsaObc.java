package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Generalized Born implicit solvent, OBC variant, with the ACE non-polar term, as OpenMM's
 * {@code AmberPrmtopFile.createSystem(implicitSolvent=OBC1|OBC2)} builds it (solute dielectric 1, solvent 78.5).
 *
 * <p>Born radii: offset radius ρ = R - 0.009 nm, scaled radius s = screen·ρ; for each pair the HCT integral
 * I_ij = ½[1/L - 1/U + ¼(r - s_j²/r)(1/U² - 1/L²) + ½ ln(L/U)/r], U = r + s_j, L = max(ρ_i, |r - s_j|) (when
 * ρ_i &lt; r + s_j); ψ = ρ_i Σ_j I_ij; B_i = 1/(1/ρ_i - tanh(αψ - βψ² + γψ³)/R_i). Energy:
 * -½ k (1/ε_in - 1/ε_out) Σ_ij q_i q_j / f_ij, f_ij = sqrt(r² + B_i B_j exp(-r²/4B_iB_j)), plus ACE
 * Σ_i c (R_i + 0.14)² (R_i/B_i)⁶. OBC1 is OpenMM's CustomGBForce (k = 138.935485, c = 28.3919551); OBC2 is its
 * built-in GBSAOBCForce (k = 138.93545764438198, c = 4π·2.25936, and the Tinker term for an atom inside a
 * scaled sphere). Forces are the exact gradient, chained through the Born radii.
 */
final class GbsaObc implements EnergyTerm {
    private static final double OFFSET = 0.009;
    private static final double PROBE = 0.14;
    private static final double SOLUTE_DIELECTRIC = 1.0;
    private static final double SOLVENT_DIELECTRIC = 78.5;

    private final int n;
    private final double[] charge;
    private final double[] radius;
    private final double[] offsetRadius;
    private final double[] scaledRadius;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double prefactor;
    private final double aceFactor;
    private final boolean engulfedTerm;

    GbsaObc(Prmtop p, Solvent solvent) {
        if (p.radii() == null || p.screen() == null) {
            throw new IllegalArgumentException(p.source() + ": implicit solvent " + solvent.label()
                    + " needs %FLAG RADII and %FLAG SCREEN, which this prmtop lacks");
        }
        n = p.atomCount();
        charge = new double[n];
        radius = new double[n];
        offsetRadius = new double[n];
        scaledRadius = new double[n];
        for (int i = 0; i < n; i++) {
            charge[i] = p.charges()[i] / Prmtop.CHARGE_FACTOR;
            radius[i] = p.radii()[i] * AmberUnits.NM_PER_ANGSTROM;
            offsetRadius[i] = radius[i] - OFFSET;
            scaledRadius[i] = p.screen()[i] * offsetRadius[i];
        }
        double coulomb;
        if (solvent == Solvent.OBC1) {
            alpha = 0.8;
            beta = 0;
            gamma = 2.909125;
            coulomb = 138.935485;
            aceFactor = 28.3919551;
            engulfedTerm = false;
        } else if (solvent == Solvent.OBC2) {
            alpha = 1.0;
            beta = 0.8;
            gamma = 4.85;
            coulomb = AmberUnits.ONE_4PI_EPS0;
            aceFactor = 4 * Math.PI * 2.25936;
            engulfedTerm = true;
        } else {
            throw new IllegalArgumentException("GB-OBC needs solvent obc1 or obc2, not " + solvent.label());
        }
        prefactor = -coulomb * (1 / SOLUTE_DIELECTRIC - 1 / SOLVENT_DIELECTRIC);
    }

    @Override
    public String name() {
        return "gb";
    }

    @Override
    public double addEnergyAndForces(double[] xyz, double[] forces) {
        double[] delta = new double[2 * n * (n - 1)]; // per pair i < j: x_j - x_i and r
        double[] slope = new double[n * (n - 1)]; // per pair: dI_ij/dr and dI_ji/dr
        double[] integral = new double[n];
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, p += 4) {
                double dx = xyz[3 * j] - xyz[3 * i];
                double dy = xyz[3 * j + 1] - xyz[3 * i + 1];
                double dz = xyz[3 * j + 2] - xyz[3 * i + 2];
                double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
                delta[p] = dx;
                delta[p + 1] = dy;
                delta[p + 2] = dz;
                delta[p + 3] = r;
                integral[i] += hct(i, j, r, slope, p / 2);
                integral[j] += hct(j, i, r, slope, p / 2 + 1);
            }
        }
        double[] born = new double[n];
        double[] bornChain = new double[n]; // dB_i/dI_i
        for (int i = 0; i < n; i++) {
            double psi = integral[i] * offsetRadius[i];
            double tanh = Math.tanh(psi * (alpha - psi * (beta - gamma * psi)));
            born[i] = 1 / (1 / offsetRadius[i] - tanh / radius[i]);
            bornChain[i] = born[i] * born[i] * (1 - tanh * tanh) * (alpha - psi * (2 * beta - 3 * gamma * psi))
                    * offsetRadius[i] / radius[i];
        }
        double[] dEdB = new double[n];
        double energy = 0;
        for (int i = 0; i < n; i++) {
            double self = 0.5 * prefactor * charge[i] * charge[i] / born[i];
            double ratio = radius[i] / born[i];
            double r2 = ratio * ratio;
            double ace = aceFactor * (radius[i] + PROBE) * (radius[i] + PROBE) * r2 * r2 * r2;
            energy += self + ace;
            dEdB[i] += -(self + 6 * ace) / born[i];
        }
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, p += 4) {
                double rr = delta[p + 3] * delta[p + 3];
                double bb = born[i] * born[j];
                double d = rr / (4 * bb);
                double exp = Math.exp(-d);
                double f2 = rr + bb * exp;
                double f = Math.sqrt(f2);
                double e = prefactor * charge[i] * charge[j] / f;
                energy += e;
                double dEdBB = -0.5 * e * exp * (1 + d) / f2; // dE/d(B_i B_j)
                dEdB[i] += dEdBB * born[j];
                dEdB[j] += dEdBB * born[i];
                double g = e * (1 - 0.25 * exp) / f2; // -dE/dr / r
                PairForces.add(forces, 3 * i, 3 * j, g, delta[p], delta[p + 1], delta[p + 2]);
            }
        }
        for (int i = 0; i < n; i++) {
            dEdB[i] *= bornChain[i]; // now dE/dI_i
        }
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, p += 4) {
                double dEdr = dEdB[i] * slope[p / 2] + dEdB[j] * slope[p / 2 + 1];
                PairForces.add(forces, 3 * i, 3 * j, -dEdr / delta[p + 3], delta[p], delta[p + 1], delta[p + 2]);
            }
        }
        return energy;
    }

    /**
     * The HCT integral of atom i over the scaled sphere of atom j at distance r; its r-derivative goes to
     * {@code slope[slot]}.
     */
    private double hct(int i, int j, double r, double[] slope, int slot) {
        double rho = offsetRadius[i];
        double s = scaledRadius[j];
        double u = r + s;
        if (rho >= u) {
            slope[slot] = 0;
            return 0;
        }
        double diff = r - s;
        double lower = Math.max(rho, Math.abs(diff));
        double dLower = lower == rho ? 0 : Math.signum(diff); // dL/dr
        double invL = 1 / lower;
        double invU = 1 / u;
        double invR = 1 / r;
        double invL2 = invL * invL;
        double invU2 = invU * invU;
        double log = Math.log(lower * invU);
        double s2r = s * s * invR;
        double shape = r - s2r;
        double value = 0.5 * (invL - invU + 0.25 * shape * (invU2 - invL2) + 0.5 * log * invR);
        double dFdr = 0.25 * (1 + s2r * invR) * (invU2 - invL2) - 0.5 * log * invR * invR;
        double dFdL = invL2 * (-1 + 0.5 * shape * invL + 0.5 * lower * invR);
        slope[slot] = 0.5 * (dFdr + dFdL * dLower);
        if (engulfedTerm && rho < s - r) {
            slope[slot] += invL2 * dLower;
            return value + (1 / rho - invL);
        }
        return value;
    }
}
