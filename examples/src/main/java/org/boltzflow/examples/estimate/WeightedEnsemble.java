package org.boltzflow.examples.estimate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.analysis.Dihedral;
import org.boltzflow.boltzmann.analysis.TorusRegion;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.estimators.RegionFreeEnergy;

/**
 * The free-energy script API: configurations with importance log weights (all zero for unweighted samples such
 * as MD), and the estimates a user wants from them, each with a seeded bootstrap error bar: the effective sample
 * size, populations of regions of a dihedral torus, and ΔF between two regions; {@link TwoStateBar} compares
 * two thermodynamic states. Example:
 * <pre>{@code
 * WeightedEnsemble e = WeightedEnsemble.of(CoordinateFiles.read(dcd, topology), Npy.read(logWeights).data());
 * Estimate dF = e.deltaF(AlanineDipeptide.PHI, AlanineDipeptide.PSI, AlanineDipeptide.C7EQ_BETA,
 *         AlanineDipeptide.ALPHA_R, Units.kT(300), 1L);
 * }</pre>
 */
public final class WeightedEnsemble {
    private static final int REPLICATES = 200;
    private final Trajectory samples;
    private final double[] logWeights;

    private WeightedEnsemble(Trajectory samples, double[] logWeights) {
        this.samples = samples;
        this.logWeights = logWeights;
    }

    /** Samples with log weights {@code logWeights} (one per frame; null for equal weights). */
    public static WeightedEnsemble of(Trajectory samples, double[] logWeights) {
        double[] lw = logWeights == null ? new double[samples.frameCount()] : logWeights.clone();
        if (lw.length != samples.frameCount()) {
            throw new IllegalArgumentException(lw.length + " weights for " + samples.frameCount() + " samples");
        }
        ImportanceWeights.normalized(lw);
        return new WeightedEnsemble(samples, lw);
    }

    /** Samples with plain (non-negative, not all zero) weights {@code weights}. */
    public static WeightedEnsemble ofWeights(Trajectory samples, double[] weights) {
        double[] lw = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " is " + weights[i] + "; weights must be finite "
                        + "and >= 0");
            }
            lw[i] = Math.log(weights[i]);
        }
        return of(samples, lw);
    }

    /** The number of samples. */
    public int size() {
        return logWeights.length;
    }

    /** Kish's effective sample size as a fraction of the samples, with a bootstrap error. */
    public Estimate essFraction(long seed) {
        return ImportanceWeights.reverseEss(logWeights, seed);
    }

    /** The weighted probability of each region (delta-method errors), by region name. */
    public Map<String, Estimate> populations(Dihedral first, Dihedral second, List<TorusRegion> regions) {
        double[] a = first.ofFrames(samples.flatten(), samples.atomCount());
        double[] b = second.ofFrames(samples.flatten(), samples.atomCount());
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (TorusRegion region : regions) {
            boolean[] in = region.containsEach(a, b);
            out.put(region.name(), ImportanceWeights.expectation(logWeights, i -> in[i] ? 1 : 0));
        }
        return out;
    }

    /**
     * ΔF = F(A) - F(B) = -kT ln(P_A / P_B) in the units of {@code kT}, with a bootstrap error; NaN (undefined) if a
     * region holds no weighted sample.
     */
    public Estimate deltaF(Dihedral first, Dihedral second, TorusRegion regionA, TorusRegion regionB, double kT,
            long seed) {
        double[] a = first.ofFrames(samples.flatten(), samples.atomCount());
        double[] b = second.ofFrames(samples.flatten(), samples.atomCount());
        boolean[] inA = regionA.containsEach(a, b);
        boolean[] inB = regionB.containsEach(a, b);
        return RegionFreeEnergy.bootstrapIfDefined(logWeights, inA, inB, kT, REPLICATES, seed);
    }
}
