import java.nio.file.Path;
import java.util.Map;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * The free-energy difference between alanine dipeptide's C7eq/beta and alphaR basins, and all basin populations,
 * with bootstrap error bars, from MD frames (equal weights) or flow samples with their log weights.
 *
 * <pre>./boltzflow script examples/scripts/DeltaFBetweenBasins.java SAMPLES.dcd [LOG_WEIGHTS.npy] [BLOCKS]</pre>
 * BLOCKS: bootstrap over contiguous blocks, for correlated MD frames (e.g. 20).
 */
public class DeltaFBetweenBasins {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("boltzflow.data", "data"), "alanine-dipeptide");
        Topology topology = PrmtopReader.read(data.resolve("alanine-dipeptide.prmtop")).topology();
        CvDefinition basins = CvDefinition.read(data.resolve("phi-psi.json"), topology);

        double[] logWeights = args.length > 1 && !args[1].equals("-") ? Npy.read(Path.of(args[1])).data() : null;
        WeightedEnsemble samples = WeightedEnsemble.of(CoordinateFiles.read(Path.of(args[0]), topology), logWeights);
        if (args.length > 2) {
            samples = samples.inBlocks(Integer.parseInt(args[2]));
        }
        ThermodynamicState room = ThermodynamicState.at(300);

        System.out.printf("%d samples, ESS fraction %s%n", samples.size(), samples.essFraction(1L));
        for (Map.Entry<String, Estimate> p : samples.populations(basins.states(), 1L).entrySet()) {
            System.out.printf("P(%s) = %.4f ± %.4f%n", p.getKey(), p.getValue().value(), p.getValue().stdError());
        }
        Estimate dF = samples.deltaF(basins.state("C7eq/beta"), basins.state("alphaR"), room, 1L);
        System.out.printf("dF = F(C7eq/beta) - F(alphaR) = %.2f ± %.2f kJ/mol%n", dF.value(), dF.stdError());
    }
}
