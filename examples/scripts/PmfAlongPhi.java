import java.nio.file.Path;
import java.util.Map;
import org.boltzflow.boltzmann.cv.Axis;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.FreeEnergySurface;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.report.FreeEnergyPlots;

/**
 * The potential of mean force along alanine dipeptide's phi (kJ/mol, bootstrap errors), printed as a table and
 * drawn with its error band.
 *
 * <pre>./boltzflow script examples/scripts/PmfAlongPhi.java SAMPLES.dcd OUT.png [LOG_WEIGHTS.npy] [BINS]</pre>
 */
public class PmfAlongPhi {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("boltzflow.data", "data"), "alanine-dipeptide");
        Topology topology = PrmtopReader.read(data.resolve("alanine-dipeptide.prmtop")).topology();
        CollectiveVariable phi = CvDefinition.read(data.resolve("phi-psi.json"), topology).variable("phi");

        double[] logWeights = args.length > 2 && !args[2].equals("-") ? Npy.read(Path.of(args[2])).data() : null;
        int bins = args.length > 3 ? Integer.parseInt(args[3]) : 36;
        WeightedEnsemble samples = WeightedEnsemble.of(CoordinateFiles.read(Path.of(args[0]), topology), logWeights);
        Axis axis = Axis.circle(phi, bins);
        FreeEnergySurface pmf = samples.pmf(ThermodynamicState.at(300), axis, 1L);

        System.out.println("phi_deg  F_kJ_mol  error");
        for (int k = 0; k < bins; k++) {
            System.out.printf("%7.1f  %8.3f  %6.3f%n", Math.toDegrees(axis.center(k)), pmf.at(k).value(),
                    pmf.at(k).stdError());
        }
        FreeEnergyPlots.profiles(Path.of(args[1]), "PMF along phi, 300 K", Map.of("samples", pmf));
    }
}
