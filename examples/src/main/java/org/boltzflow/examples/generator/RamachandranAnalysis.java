package org.boltzflow.examples.generator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.boltzflow.boltzmann.analysis.AlanineDipeptide;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.analysis.TorusHistogram;
import org.boltzflow.boltzmann.analysis.TorusRegion;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.estimators.RegionFreeEnergy;

/**
 * Compares reweighted flow samples of alanine dipeptide with reference MD on the Ramachandran torus: the 60×60
 * histogram KL divergence, basin populations, and ΔF = F(C7eq/β) - F(αR) with bootstrap error bars (MD's by blocks,
 * since its frames are correlated).
 */
public final class RamachandranAnalysis {
    /** Bins per angle of the Ramachandran histograms. */
    public static final int BINS = 60;
    private static final int BOOTSTRAP = 200;
    private static final int MD_BLOCKS = 20;

    private final double[] mdPhi;
    private final double[] mdPsi;
    private final double[] flowPhi;
    private final double[] flowPsi;
    private final double[] logWeights;
    private final double kT;

    /**
     * The analysis of MD frames {@code mdXyz} and weighted samples {@code xyz} (frames of {@code atoms} atoms, e.g.
     * the end points of AIS chains) with log importance weights {@code logWeights}, in {@code state}.
     */
    public RamachandranAnalysis(double[] mdXyz, int atoms, double[] xyz, double[] logWeights,
            ThermodynamicState state) {
        this.mdPhi = AlanineDipeptide.PHI.ofFrames(mdXyz, atoms);
        this.mdPsi = AlanineDipeptide.PSI.ofFrames(mdXyz, atoms);
        this.flowPhi = AlanineDipeptide.PHI.ofFrames(xyz, atoms);
        this.flowPsi = AlanineDipeptide.PSI.ofFrames(xyz, atoms);
        this.logWeights = logWeights;
        this.kT = state.kT();
    }

    /** The MD histogram. */
    public TorusHistogram md() {
        return TorusHistogram.of(mdPhi, mdPsi, null, BINS);
    }

    /** The flow histogram without weights. */
    public TorusHistogram flow() {
        return TorusHistogram.of(flowPhi, flowPsi, null, BINS);
    }

    /** The flow histogram with importance weights. */
    public TorusHistogram reweighted() {
        return TorusHistogram.of(flowPhi, flowPsi, ImportanceWeights.normalized(logWeights), BINS);
    }

    /** φ and ψ of the MD frames and the flow samples. */
    public double[][] angles() {
        return new double[][] {mdPhi, mdPsi, flowPhi, flowPsi};
    }

    /** KL(MD ‖ reweighted flow) of the 60×60 histograms (empty flow cells count as 1e-10). */
    public double klToMd() {
        return md().klDivergenceTo(reweighted(), 1e-10);
    }

    /** ΔF = F(C7eq/β) - F(αR) in kJ/mol from the reweighted flow samples, bootstrap error; NaN if a basin is empty. */
    public Estimate deltaFFlow(long seed) {
        boolean[] inA = AlanineDipeptide.C7EQ_BETA.containsEach(flowPhi, flowPsi);
        boolean[] inB = AlanineDipeptide.ALPHA_R.containsEach(flowPhi, flowPsi);
        return RegionFreeEnergy.bootstrapIfDefined(logWeights, inA, inB, kT, BOOTSTRAP, seed);
    }

    /** ΔF = F(C7eq/β) - F(αR) in kJ/mol from MD frame counts, with a block-bootstrap error over 20 blocks. */
    public Estimate deltaFMd(long seed) {
        int n = mdPhi.length;
        int blocks = Math.min(MD_BLOCKS, n);
        double[] countA = new double[blocks];
        double[] countB = new double[blocks];
        for (int i = 0; i < n; i++) {
            int block = (int) ((long) i * blocks / n);
            countA[block] += AlanineDipeptide.C7EQ_BETA.contains(mdPhi[i], mdPsi[i]) ? 1 : 0;
            countB[block] += AlanineDipeptide.ALPHA_R.contains(mdPhi[i], mdPsi[i]) ? 1 : 0;
        }
        return Bootstrap.estimate(blocks, BOOTSTRAP, seed, idx -> {
            double a = 0;
            double b = 0;
            for (int k : idx) {
                a += countA[k];
                b += countB[k];
            }
            return -kT * Math.log(a / b);
        });
    }

    /** The probability of each basin in MD (if there are MD frames) and in the reweighted flow. */
    public Map<String, Map<String, Double>> basinPopulations() {
        double[] w = ImportanceWeights.normalized(logWeights);
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (TorusRegion basin : AlanineDipeptide.BASINS) {
            double md = 0;
            for (int i = 0; i < mdPhi.length; i++) {
                md += basin.contains(mdPhi[i], mdPsi[i]) ? 1.0 / mdPhi.length : 0;
            }
            double flow = 0;
            for (int i = 0; i < flowPhi.length; i++) {
                flow += basin.contains(flowPhi[i], flowPsi[i]) ? w[i] : 0;
            }
            Map<String, Double> entry = new LinkedHashMap<>();
            if (mdPhi.length > 0) {
                entry.put("md", md);
            }
            entry.put("flow_reweighted", flow);
            out.put(basin.name(), entry);
        }
        return out;
    }
}
