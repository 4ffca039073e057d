package org.boltzflow.mcmc.estimators;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The multistate Bennett acceptance ratio (MBAR, Shirts &amp; Chodera 2008): reduced free energies {@code f_k} of K
 * thermodynamic states from samples of some of them, with the asymptotic covariance, the overlap matrix and
 * expectations with their uncertainties, as pymbar 3.1 computes them. Input is pymbar's: {@code u[k][n]}, the reduced
 * energy of sample n (all samples pooled, in state order) in state k, and {@code counts[k]}, how many samples came
 * from state k (zero for a state only evaluated). The equations are solved in log-sum-exp form by Newton steps,
 * falling back to the self-consistent iteration whenever it lowers the gradient more; the result is shifted so that
 * {@code f_0 = 0}. Samples must be uncorrelated (subsample correlated data first).
 */
public final class Mbar {
    private static final double TOLERANCE = 1e-12;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double PINV_CUTOFF = 1e-10;

    private final double[][] u;
    private final int[] counts;
    private final double[] f;
    private final double[] logDenominator;
    private final int iterations;

    private Mbar(double[][] u, int[] counts, double[] f, int iterations) {
        this.u = u;
        this.counts = counts;
        this.f = f;
        this.logDenominator = logDenominator(u, counts, f);
        this.iterations = iterations;
    }

    /**
     * Solves MBAR for reduced energies {@code u[k][n]} (kept, not copied) and per-state sample counts; refuses NaN/∞
     * energies (naming the state and sample) and counts that do not add up to the samples. States without overlap
     * give meaningless free energies: check {@link #overlap()}.
     */
    public static Mbar solve(double[][] u, int[] counts) {
        check(u, counts);
        int k = u.length;
        double[] f = new double[k];
        int iterations = 0;
        int[] sampled = sampledStates(counts);
        if (sampled.length > 1) {
            double[][] us = new double[sampled.length][];
            int[] ns = new int[sampled.length];
            for (int i = 0; i < sampled.length; i++) {
                us[i] = u[sampled[i]];
                ns[i] = counts[sampled[i]];
            }
            Solution s = solveSampled(us, ns);
            iterations = s.iterations;
            for (int i = 0; i < sampled.length; i++) {
                f[sampled[i]] = s.f[i];
            }
        }
        double[] logDen = logDenominator(u, counts, f);
        double[] updated = new double[k];
        for (int i = 0; i < k; i++) {
            updated[i] = -logNumerator(u[i], logDen);
        }
        double shift = updated[0];
        for (int i = 0; i < k; i++) {
            updated[i] -= shift;
        }
        return new Mbar(u, counts, updated, iterations);
    }

    /** The number of states K. */
    public int states() {
        return u.length;
    }

    /** The total number of samples N. */
    public int samples() {
        return u[0].length;
    }

    /** The iterations the solver took (Newton and self-consistent steps). */
    public int iterations() {
        return iterations;
    }

    /** The reduced free energies {@code f_k}, with {@code f_0 = 0}. */
    public double[] freeEnergies() {
        return f.clone();
    }

    /** {@code Δf_ij = f_j - f_i}, as pymbar's {@code getFreeEnergyDifferences()[0]}. */
    public double[][] differences() {
        int k = f.length;
        double[][] d = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                d[i][j] = f[j] - f[i];
            }
        }
        return d;
    }

    /** The asymptotic covariance matrix Θ of the {@code f_k} (pymbar's default "svd-ew" method). */
    public double[][] covariance() {
        return covariance(logWeightMatrix(), counts);
    }

    /** The uncertainties of {@code Δf_ij}, {@code √(Θ_ii + Θ_jj - 2Θ_ij)}, as pymbar's {@code dDelta_f}. */
    public double[][] uncertainties() {
        return errorsOfDifferences(covariance());
    }

    /** {@code f_k - f_0} of every state with its uncertainty (row 0 of pymbar's differences). */
    public Estimate[] relativeToFirst() {
        double[][] d = uncertainties();
        Estimate[] out = new Estimate[f.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = new Estimate(f[k] - f[0], d[0][k]);
        }
        return out;
    }

    /**
     * The overlap matrix: {@code O_ij = N_j Σ_n W_ni W_nj}, the probability that a sample from state i is seen in
     * state j; rows sum to one. Near-zero off-diagonal entries between groups of states mean the states do not
     * overlap and their free-energy differences are unreliable.
     */
    public double[][] overlap() {
        double[][] w = weights(logWeightMatrix());
        double[][] o = gram(w);
        for (int i = 0; i < o.length; i++) {
            for (int j = 0; j < o.length; j++) {
                o[i][j] *= counts[j];
            }
        }
        return o;
    }

    /** The effective number of samples in each state, {@code 1 / Σ_n W_nk²} (pymbar's computeEffectiveSampleNumber). */
    public double[] effectiveSamples() {
        double[] out = new double[states()];
        for (int k = 0; k < out.length; k++) {
            double sum = 0;
            for (double lw : logWeights(k)) {
                sum += Math.exp(2 * lw);
            }
            out[k] = 1 / sum;
        }
        return out;
    }

    /** The sample counts per state. */
    public int[] counts() {
        return counts.clone();
    }

    /** The normalized weights of every sample in state k ({@code Σ_n W_nk = 1}) as log weights. */
    public double[] logWeights(int k) {
        double[] lw = new double[samples()];
        for (int n = 0; n < lw.length; n++) {
            lw[n] = f[k] - u[k][n] - logDenominator[n];
        }
        return lw;
    }

    /**
     * The log weights of every sample in an extra state with reduced energies {@code uNew} (unnormalized: their
     * log-sum-exp is the state's {@code -f}); the free energy of such a state relative to state 0 is
     * {@link #perturbedFreeEnergy}.
     */
    public double[] logWeightsIn(double[] uNew) {
        requireLength(uNew);
        double[] lw = new double[uNew.length];
        for (int n = 0; n < lw.length; n++) {
            lw[n] = -uNew[n] - logDenominator[n];
        }
        return lw;
    }

    /** The reduced free energy of an extra (unsampled) state with reduced energies {@code uNew}, relative to f_0. */
    public double perturbedFreeEnergy(double[] uNew) {
        return -logNumerator(uNew, logDenominator) - f[0];
    }

    /**
     * The expectation {@code <A>_k} of an observable (one value per sample) in every state with its asymptotic
     * uncertainty, as pymbar's {@code computeExpectations(A_n)}.
     */
    public Estimate[] expectations(double[] a) {
        requireLength(a);
        int k = states();
        int n = samples();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException("observable of sample " + i + " is " + a[i]);
            }
            min = Math.min(min, a[i]);
        }
        // shifted to positive values so that each state's weighted mean is a log-sum-exp, as pymbar does
        double offset = min - Math.abs(4 * Math.ulp(1.0) * min);
        double[][] logW = new double[3 * k][];
        int[] augmentedCounts = new int[3 * k];
        double[] value = new double[k];
        for (int s = 0; s < k; s++) {
            logW[s] = logWeights(s);
            augmentedCounts[s] = counts[s];
            double[] lw = logW[s];
            double[] observed = new double[n];
            for (int i = 0; i < n; i++) {
                observed[i] = Math.log(a[i] - offset) + lw[i];
            }
            double shift = -logSumExp(observed);
            for (int i = 0; i < n; i++) {
                observed[i] += shift;
            }
            logW[k + s] = lw;
            logW[2 * k + s] = observed;
            value[s] = Math.exp(-shift);
        }
        double[][] theta = covariance(logW, augmentedCounts);
        Estimate[] out = new Estimate[k];
        for (int s = 0; s < k; s++) {
            int l = k + s;
            int o = 2 * k + s;
            double variance = value[s] * value[s] * (theta[o][o] + theta[l][l] - 2 * theta[o][l]);
            out[s] = new Estimate(value[s] + offset, Math.sqrt(Math.max(variance, 0)));
        }
        return out;
    }

    private record Solution(double[] f, int iterations) {}

    /** Solves for the states that have samples, fixing f_0 = 0. */
    private static Solution solveSampled(double[][] u, int[] counts) {
        int k = u.length;
        double[] fk = new double[k];
        for (int it = 1; it <= MAX_ITERATIONS; it++) {
            double[] logDen = logDenominator(u, counts, fk);
            double[] gradient = gradient(u, counts, fk, logDen);
            double[] selfConsistent = selfConsistent(u, logDen);
            double[] newton = newton(u, counts, fk, logDen, gradient);
            double[] next = selfConsistent;
            if (newton != null && it > 2) {
                double gSc = norm2(gradient(u, counts, selfConsistent, logDenominator(u, counts, selfConsistent)));
                double gNr = norm2(gradient(u, counts, newton, logDenominator(u, counts, newton)));
                next = gNr <= gSc ? newton : selfConsistent;
            }
            double change = 0;
            for (int i = 1; i < k; i++) {
                double scale = Math.abs(next[i]) < TOLERANCE ? 1 : Math.abs(next[i]);
                change = Math.max(change, Math.abs(next[i] - fk[i]) / scale);
            }
            fk = next;
            if (!(change >= TOLERANCE)) {
                return new Solution(fk, it);
            }
        }
        throw new IllegalStateException("MBAR did not converge in " + MAX_ITERATIONS + " iterations");
    }

    /** {@code ln Σ_k N_k exp(f_k - u_kn)} over the sampled states, per sample. */
    private static double[] logDenominator(double[][] u, int[] counts, double[] f) {
        int n = u[0].length;
        double[] max = new double[n];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int k = 0; k < u.length; k++) {
            if (counts[k] > 0) {
                double c = Math.log(counts[k]) + f[k];
                double[] row = u[k];
                for (int i = 0; i < n; i++) {
                    max[i] = Math.max(max[i], c - row[i]);
                }
            }
        }
        double[] sum = new double[n];
        for (int k = 0; k < u.length; k++) {
            if (counts[k] > 0) {
                double c = Math.log(counts[k]) + f[k];
                double[] row = u[k];
                for (int i = 0; i < n; i++) {
                    sum[i] += Math.exp(c - row[i] - max[i]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            sum[i] = max[i] + Math.log(sum[i]);
        }
        return sum;
    }

    /** {@code ln Σ_n exp(-u_n - logDen_n)}, i.e. {@code -f} of the state with energies u. */
    private static double logNumerator(double[] u, double[] logDen) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < u.length; i++) {
            max = Math.max(max, -u[i] - logDen[i]);
        }
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += Math.exp(-u[i] - logDen[i] - max);
        }
        return max + Math.log(sum);
    }

    private static double[] selfConsistent(double[][] u, double[] logDen) {
        double[] out = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            out[k] = -logNumerator(u[k], logDen);
        }
        double shift = out[0];
        for (int k = 0; k < u.length; k++) {
            out[k] -= shift;
        }
        return out;
    }

    /** The gradient of MBAR's convex objective, {@code -N_k (1 - exp(f_k + ln Σ_n exp(-u_kn - logDen_n)))}. */
    private static double[] gradient(double[][] u, int[] counts, double[] f, double[] logDen) {
        double[] g = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            g[k] = -counts[k] * (1.0 - Math.exp(f[k] + logNumerator(u[k], logDen)));
        }
        return g;
    }

    /**
     * A Newton step {@code f - H⁻¹ g} on the states after the first (f_0 fixed), or null if the reduced Hessian is not
     * positive definite.
     */
    private static double[] newton(double[][] u, int[] counts, double[] f, double[] logDen, double[] gradient) {
        int k = u.length;
        double[][] w = new double[k][u[0].length];
        double[] columnSums = new double[k];
        for (int s = 0; s < k; s++) {
            for (int i = 0; i < w[s].length; i++) {
                w[s][i] = Math.exp(f[s] - u[s][i] - logDen[i]);
                columnSums[s] += w[s][i];
            }
        }
        double[][] wtw = gram(w);
        double[][] reduced = new double[k - 1][k - 1];
        for (int a = 1; a < k; a++) {
            for (int b = 1; b < k; b++) {
                // the Hessian of the objective: N_a Σ_n W_na δ_ab - N_a N_b (WᵀW)_ab
                reduced[a - 1][b - 1] = (a == b ? counts[a] * columnSums[a] : 0)
                        - (double) counts[a] * counts[b] * wtw[a][b];
            }
        }
        double[] rhs = new double[k - 1];
        for (int a = 1; a < k; a++) {
            rhs[a - 1] = gradient[a];
        }
        try {
            double[] step = new CholeskyDecomposition(new Array2DRowRealMatrix(reduced, false), 1e-14, 1e-300)
                    .getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs, false)).toArray();
            double[] out = f.clone();
            for (int a = 1; a < k; a++) {
                out[a] = f[a] - step[a - 1];
            }
            return out;
        } catch (NonPositiveDefiniteMatrixException | org.apache.commons.math3.linear.SingularMatrixException e) {
            return null;
        }
    }

    private double[][] logWeightMatrix() {
        double[][] lw = new double[states()][];
        for (int k = 0; k < lw.length; k++) {
            lw[k] = logWeights(k);
        }
        return lw;
    }

    /** Θ = V Σ (I - Σ Vᵀ N V Σ)⁺ Σ Vᵀ with WᵀW = V Σ² Vᵀ (pymbar's "svd-ew"), from log weights per state. */
    private static double[][] covariance(double[][] logW, int[] counts) {
        int k = logW.length;
        double[][] wtw = gram(weights(logW));
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(wtw, false));
        RealMatrix v = eigen.getV();
        double[] sigma = new double[k];
        for (int i = 0; i < k; i++) {
            sigma[i] = Math.sqrt(Math.max(eigen.getRealEigenvalue(i), 0));
        }
        double[][] inner = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double vnv = 0;
                for (int s = 0; s < k; s++) {
                    vnv += v.getEntry(s, a) * counts[s] * v.getEntry(s, b);
                }
                inner[a][b] = (a == b ? 1 : 0) - sigma[a] * vnv * sigma[b];
            }
        }
        RealMatrix pinv = pseudoInverse(new Array2DRowRealMatrix(inner, false));
        double[][] vs = new double[k][k];
        for (int s = 0; s < k; s++) {
            for (int a = 0; a < k; a++) {
                vs[s][a] = v.getEntry(s, a) * sigma[a];
            }
        }
        RealMatrix vsm = new Array2DRowRealMatrix(vs, false);
        return vsm.multiply(pinv).multiply(vsm.transpose()).getData();
    }

    /** The Moore-Penrose inverse, singular values below 1e-10 of the largest dropped (numpy's pinv). */
    private static RealMatrix pseudoInverse(RealMatrix m) {
        SingularValueDecomposition svd = new SingularValueDecomposition(m);
        double[] s = svd.getSingularValues();
        double cutoff = PINV_CUTOFF * s[0];
        double[] inverse = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            inverse[i] = s[i] > cutoff ? 1 / s[i] : 0;
        }
        RealMatrix v = svd.getV();
        RealMatrix ut = svd.getUT();
        int k = s.length;
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += v.getEntry(a, i) * inverse[i] * ut.getEntry(i, b);
                }
                out[a][b] = sum;
            }
        }
        return new Array2DRowRealMatrix(out, false);
    }

    static double[][] errorsOfDifferences(double[][] theta) {
        int k = theta.length;
        double[][] d = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d2 = theta[i][i] + theta[j][j] - 2 * theta[i][j];
                d[i][j] = d2 < 0 && d2 > -1e-10 ? 0 : Math.sqrt(d2);
            }
        }
        return d;
    }

    private static double[][] weights(double[][] logW) {
        double[][] w = new double[logW.length][];
        for (int k = 0; k < w.length; k++) {
            w[k] = new double[logW[k].length];
            for (int n = 0; n < w[k].length; n++) {
                w[k][n] = Math.exp(logW[k][n]);
            }
        }
        return w;
    }

    /** {@code (WᵀW)_ab = Σ_n W_a[n] W_b[n]} for rows W_a. */
    private static double[][] gram(double[][] w) {
        int k = w.length;
        double[][] out = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double sum = 0;
                double[] wa = w[a];
                double[] wb = w[b];
                for (int n = 0; n < wa.length; n++) {
                    sum += wa[n] * wb[n];
                }
                out[a][b] = sum;
                out[b][a] = sum;
            }
        }
        return out;
    }

    private static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private static double norm2(double[] g) {
        double sum = 0;
        for (double v : g) {
            sum += v * v;
        }
        return sum;
    }

    private static int[] sampledStates(int[] counts) {
        return java.util.stream.IntStream.range(0, counts.length).filter(k -> counts[k] > 0).toArray();
    }

    private void requireLength(double[] values) {
        if (values.length != samples()) {
            throw new IllegalArgumentException(values.length + " values for " + samples() + " samples");
        }
    }

    private static void check(double[][] u, int[] counts) {
        if (u.length == 0 || u.length != counts.length) {
            throw new IllegalArgumentException("MBAR needs one row of reduced energies per state: " + u.length
                    + " rows, " + counts.length + " sample counts");
        }
        int n = u[0].length;
        long total = 0;
        for (int k = 0; k < u.length; k++) {
            if (u[k].length != n) {
                throw new IllegalArgumentException("state " + k + " has " + u[k].length + " reduced energies, state 0 "
                        + n);
            }
            if (counts[k] < 0) {
                throw new IllegalArgumentException("state " + k + " has a negative sample count " + counts[k]);
            }
            total += counts[k];
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(u[k][i])) {
                    throw new IllegalArgumentException("reduced energy of sample " + i + " in state " + k + " is "
                            + u[k][i]);
                }
            }
        }
        if (total != n) {
            throw new IllegalArgumentException("the sample counts add up to " + total + ", but there are " + n
                    + " samples");
        }
        if (total == 0) {
            throw new IllegalArgumentException("MBAR needs samples");
        }
    }
}
