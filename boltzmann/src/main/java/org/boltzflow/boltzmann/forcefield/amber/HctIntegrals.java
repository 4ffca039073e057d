package org.boltzflow.boltzmann.forcefield.amber;

/**
 * The Hawkins-Cramer-Truhlar pair integrals of GB-OBC over all directed atom pairs:
 * I_ij = ½[1/L - 1/U + ¼(r - s²/r)(1/U² - 1/L²) + ½ ln(L/U)/r] of atom i (offset radius ρ) over the scaled
 * sphere (radius s) of atom j at distance r, U = r + s, L = max(ρ, |r - s|), zero when ρ ≥ U; OBC2 adds
 * 1/ρ - 1/L when atom i lies inside the sphere (ρ &lt; s - r).
 *
 * <p>Evaluated in flat passes the JIT vectorizes: bounds, logarithms, then the formula for every pair with dL/dr
 * = 1 (far apart, L = r - s) or 0 (overlapping, L = ρ) taken without a branch as min(1, (L - ρ)·2¹⁰⁰), exact since
 * L - ρ is either 0 or far above 2⁻¹⁰⁰. Only when some pair is closer than |ρ - s| (an integral of zero or an atom
 * inside the scaled sphere: broken geometries) does a scalar pass redo those pairs by cases. Then the sums
 * I_i = Σ_j I_ij.
 */
final class HctIntegrals {
    private final double[] rho; // per directed pair i → j: ρ_i
    private final double[] scaled; // s_j
    private final double[] scaledSquared; // s_j²
    private final double[] closest; // |ρ_i - s_j|: the regular formula holds beyond this distance
    private final int atoms;
    private final boolean engulfedTerm;

    /**
     * The directed pairs of atoms with these offset and scaled radii, in {@link PairGeometry} order. Offset radii
     * must be positive: then every L/U is a positive normal number, as {@link ArrayLog} needs.
     */
    HctIntegrals(double[] offsetRadius, double[] scaledRadius, boolean engulfedTerm) {
        int n = offsetRadius.length;
        int pairs = n * (n - 1) / 2;
        rho = new double[2 * pairs];
        scaled = new double[2 * pairs];
        closest = new double[2 * pairs];
        scaledSquared = new double[2 * pairs];
        atoms = n;
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, p++) {
                rho[p] = offsetRadius[i];
                scaled[p] = scaledRadius[j];
                rho[p + pairs] = offsetRadius[j];
                scaled[p + pairs] = scaledRadius[i];
            }
        }
        for (int d = 0; d < 2 * pairs; d++) {
            closest[d] = Math.abs(rho[d] - scaled[d]);
            scaledSquared[d] = scaled[d] * scaled[d];
        }
        this.engulfedTerm = engulfedTerm;
    }

    /**
     * From the distances of {@code geometry}, writes each directed pair's I_ij and dI_ij/dr to {@code s.integral}
     * and {@code s.slope}, and each atom's Σ_j I_ij to {@code s.sum}.
     */
    void evaluate(PairGeometry geometry, GbScratch s) {
        double[] r = geometry.r;
        double[] invR = geometry.invR;
        double[] invLower = s.invLower;
        double[] invUpper = s.invUpper;
        double[] log = s.log;
        double[] integral = s.integral;
        double[] slope = s.slope;
        double[] step = s.step;
        double[] shape = s.shape;
        double[] squares = s.squares;
        int m = rho.length;
        // short loops over few arrays: the JIT vectorizes them, longer ones it does not
        for (int d = 0; d < m; d++) {
            double u = r[d] + scaled[d];
            double lower = Math.max(rho[d], Math.abs(r[d] - scaled[d]));
            double inverse = 1 / (lower * u);
            invLower[d] = u * inverse;
            invUpper[d] = lower * inverse;
            log[d] = lower * lower * inverse; // L/U
        }
        for (int d = 0; d < m; d++) { // dL/dr: 1 where L = r - s, 0 where L = ρ
            step[d] = Math.min(1, (Math.max(rho[d], Math.abs(r[d] - scaled[d])) - rho[d]) * 0x1p100);
        }
        ArrayLog.inPlace(log, m, integral); // integral serves as scratch until below
        for (int d = 0; d < m; d++) {
            log[d] *= invR[d]; // ln(L/U)/r
        }
        for (int d = 0; d < m; d++) {
            shape[d] = r[d] - scaledSquared[d] * invR[d]; // r - s²/r
        }
        for (int d = 0; d < m; d++) {
            squares[d] = invUpper[d] * invUpper[d] - invLower[d] * invLower[d]; // 1/U² - 1/L²
        }
        for (int d = 0; d < m; d++) {
            integral[d] = 0.5 * (invLower[d] - invUpper[d]) + 0.125 * shape[d] * squares[d] + 0.25 * log[d];
        }
        for (int d = 0; d < m; d++) { // ∂I/∂r
            double s2r2 = scaledSquared[d] * invR[d] * invR[d];
            slope[d] = 0.125 * (1 + s2r2) * squares[d] - 0.25 * log[d] * invR[d];
        }
        for (int d = 0; d < m; d++) { // ∂I/∂L
            double invL = invLower[d];
            shape[d] = invL * invL * (0.5 * shape[d] * invL - 1) + 0.5 * invL * invR[d];
        }
        for (int d = 0; d < m; d++) { // dI/dr = ∂I/∂r + ∂I/∂L dL/dr
            slope[d] += 0.5 * shape[d] * step[d];
        }
        for (int d = 0; d < m; d++) {
            if (r[d] <= closest[d]) { // rare: a branch the processor predicts
                byCases(geometry, s, d);
            }
        }
        double[] sum = s.sum;
        java.util.Arrays.fill(sum, 0.0);
        int pairs = m / 2;
        for (int i = 0, p = 0; i < atoms; i++) {
            double sumI = sum[i]; // a register, not a store-to-load chain through sum[i]
            for (int j = i + 1; j < atoms; j++, p++) {
                sumI += integral[p];
                sum[j] += integral[p + pairs];
            }
            sum[i] = sumI;
        }
    }

    /** The formula by cases for any pair, including an integral of zero and atom i inside the scaled sphere. */
    private void byCases(PairGeometry geometry, GbScratch s, int d) {
        double r = geometry.r[d];
        double invR = geometry.invR[d];
        double rho = this.rho[d];
        double sc = scaled[d];
        double diff = r - sc;
        if (rho >= r + sc) {
            s.integral[d] = 0;
            s.slope[d] = 0;
            return;
        }
        double lower = Math.max(rho, Math.abs(diff));
        double dLower = lower == rho ? 0 : Math.signum(diff); // dL/dr
        double invL = s.invLower[d];
        double invU = s.invUpper[d];
        double logR = s.log[d]; // ln(L/U)/r
        double invL2 = invL * invL;
        double invU2 = invU * invU;
        double s2r = sc * sc * invR;
        double shape = r - s2r;
        double value = 0.5 * (invL - invU + 0.25 * shape * (invU2 - invL2) + 0.5 * logR);
        double dFdr = 0.25 * (1 + s2r * invR) * (invU2 - invL2) - 0.5 * logR * invR;
        double dFdL = invL2 * (-1 + 0.5 * shape * invL + 0.5 * lower * invR);
        double slope = 0.5 * (dFdr + dFdL * dLower);
        if (engulfedTerm && rho < -diff) {
            slope += invL2 * dLower;
            value += 1 / rho - invL;
        }
        s.integral[d] = value;
        s.slope[d] = slope;
    }
}
