package org.boltzflow.examples.alanine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.TorusHistogram;
import org.boltzflow.mcmc.estimators.Bootstrap;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.ImportanceWeights;
import org.boltzflow.mcmc.estimators.RegionFreeEnergy;

/**
 * Compares reweighted flow samples of alanine dipeptide with reference MD on the Ramachandran torus (the first two
 * variables of a {@link CvDefinition}, φ and ψ): the 60×60 histogram KL divergence, basin populations (its states),
 * and ΔF between its first two states, F(C7eq/β) - F(αR), with bootstrap error bars (MD's by blocks, since its
 * frames are correlated).
 */
public final class RamachandranAnalysis {
    /** The φ/ψ and basin definition, relative to the data folder. */
    public static final String DEFINITION = "alanine-dipeptide/phi-psi.json";
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
    private final List<State> basins;
    private final CollectiveVariable phiVariable;

    /** The analysis of MD frames {@code mdXyz} and flow samples {@code flow}, both of {@code atoms} atoms, at kT. */
    public RamachandranAnalysis(CvDefinition phiPsi, double[] mdXyz, WeightedSamples flow, double kT) {
        this(phiPsi, mdXyz, flow.atoms(), flow.xyz(), flow.logWeights(), kT);
    }

    /**
     * The analysis of MD frames {@code mdXyz} and weighted samples {@code xyz} (frames of {@code atoms} atoms, e.g.
     * the end points of AIS chains) with log importance weights {@code logWeights}, at kT.
     */
    public RamachandranAnalysis(CvDefinition phiPsi, double[] mdXyz, int atoms, double[] xyz, double[] logWeights,
            double kT) {
        CollectiveVariable phi = phiPsi.variables().get(0);
        CollectiveVariable psi = phiPsi.variables().get(1);
        this.mdPhi = phi.values(mdXyz, atoms);
        this.mdPsi = psi.values(mdXyz, atoms);
        this.flowPhi = phi.values(xyz, atoms);
        this.flowPsi = psi.values(xyz, atoms);
        this.basins = phiPsi.states();
        this.phiVariable = phi;
        this.logWeights = logWeights;
        this.kT = kT;
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
        boolean[] inA = members(basins.get(0), flowPhi, flowPsi);
        boolean[] inB = members(basins.get(1), flowPhi, flowPsi);
        return RegionFreeEnergy.bootstrapIfDefined(logWeights, inA, inB, kT, BOOTSTRAP, seed);
    }

    /** ΔF = F(C7eq/β) - F(αR) in kJ/mol from MD frame counts, with a block-bootstrap error over 20 blocks. */
    public Estimate deltaFMd(long seed) {
        int n = mdPhi.length;
        int blocks = Math.min(MD_BLOCKS, n);
        double[] countA = new double[blocks];
        double[] countB = new double[blocks];
        boolean[] inA = members(basins.get(0), mdPhi, mdPsi);
        boolean[] inB = members(basins.get(1), mdPhi, mdPsi);
        for (int i = 0; i < n; i++) {
            int block = (int) ((long) i * blocks / n);
            countA[block] += inA[i] ? 1 : 0;
            countB[block] += inB[i] ? 1 : 0;
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
        for (State basin : basins) {
            boolean[] inMd = members(basin, mdPhi, mdPsi);
            boolean[] inFlow = members(basin, flowPhi, flowPsi);
            double md = 0;
            for (int i = 0; i < mdPhi.length; i++) {
                md += inMd[i] ? 1.0 / mdPhi.length : 0;
            }
            double flow = 0;
            for (int i = 0; i < flowPhi.length; i++) {
                flow += inFlow[i] ? w[i] : 0;
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

    /** Whether each (φ, ψ) pair lies in {@code basin}. */
    private boolean[] members(State basin, double[] phi, double[] psi) {
        return basin.members(cv -> cv == phiVariable ? phi : psi, phi.length);
    }
}
