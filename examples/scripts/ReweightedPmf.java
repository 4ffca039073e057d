import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.cv.Axis;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.FreeEnergySurface;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.ReducedEnergies;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.report.FreeEnergyPlots;

/**
 * Temperature reweighting checked against direct sampling: alanine dipeptide's free-energy surface (phi, psi) and
 * profile along phi at T0 from MD at T0, beside the same from MD at T1 reweighted to T0 (OBC1, block bootstrap errors).
 *
 * <pre>./boltzflow script examples/scripts/ReweightedPmf.java MD_T0.dcd@T0 MD_T1.dcd@T1 OUT_PREFIX [BINS]</pre>
 * writes OUT_PREFIX-phi-psi.png and OUT_PREFIX-phi.png.
 */
public class ReweightedPmf {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("boltzflow.data", "data"), "alanine-dipeptide");
        AmberForceField obc1 = AmberForceField.load(data.resolve("alanine-dipeptide.prmtop"), Solvent.OBC1);
        CvDefinition cvs = CvDefinition.read(data.resolve("phi-psi.json"), obc1.topology());
        int bins = args.length > 3 ? Integer.parseInt(args[3]) : 36;

        ThermodynamicState t0 = new ThermodynamicState(obc1, temperature(args[0]));
        ThermodynamicState t1 = new ThermodynamicState(obc1, temperature(args[1]));
        Trajectory direct = CoordinateFiles.read(file(args[0]), obc1.topology());
        Trajectory other = CoordinateFiles.read(file(args[1]), obc1.topology());
        double[] energies;
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(obc1, 2)) {
            double[] xyz = other.flatten();
            energies = evaluator.energiesAndForces(xyz, new double[xyz.length]);
        }
        double[] logWeights = ReducedEnergies.reweight(null, energies, t1, t0);
        int blocks = Math.min(20, direct.frameCount());
        WeightedEnsemble md = WeightedEnsemble.of(direct, null).inBlocks(blocks);
        WeightedEnsemble reweighted = WeightedEnsemble.of(other, logWeights).inBlocks(blocks);
        System.out.printf("reweighting %d frames from %.0f K to %.0f K: ESS fraction %s%n", other.frameCount(),
                t1.temperature(), t0.temperature(), reweighted.essFraction(1L));

        Axis phi = Axis.circle(cvs.variable("phi"), bins);
        Axis psi = Axis.circle(cvs.variable("psi"), bins);
        String label = String.format("MD %.0f K reweighted to %.0f K", t1.temperature(), t0.temperature());
        FreeEnergySurface direct2d = md.pmf(t0, phi, psi, 1L);
        FreeEnergySurface reweighted2d = reweighted.pmf(t0, phi, psi, 1L);
        FreeEnergyPlots.surfaces(Path.of(args[2] + "-phi-psi.png"), List.of(
                new FreeEnergyPlots.Panel(String.format("MD %.0f K", t0.temperature()), direct2d),
                new FreeEnergyPlots.Panel(label, reweighted2d)), cvs.states(), 30);
        Map<String, FreeEnergySurface> profiles = new LinkedHashMap<>();
        profiles.put(String.format("MD %.0f K", t0.temperature()), md.pmf(t0, phi, 1L));
        profiles.put(label, reweighted.pmf(t0, phi, 1L));
        FreeEnergyPlots.profiles(Path.of(args[2] + "-phi.png"), "PMF along phi at " + t0.temperature() + " K",
                profiles);

        // agreement on the bins both populate below 10 kJ/mol: differences in units of their combined error
        double sum = 0;
        int count = 0;
        for (int k = 0; k < direct2d.size(); k++) {
            double a = direct2d.at(k).value();
            double b = reweighted2d.at(k).value();
            double error = Math.hypot(direct2d.at(k).stdError(), reweighted2d.at(k).stdError());
            if (a < 10 && b < 10 && error > 0) {
                sum += (a - b) * (a - b) / (error * error);
                count++;
            }
        }
        System.out.printf("%d bins below 10 kJ/mol in both: mean squared difference %.2f combined variances%n", count,
                sum / Math.max(count, 1));
        cvs.states().forEach(s -> System.out.printf("P(%s): MD %s, reweighted %s%n", s.name(),
                md.populations(List.of(s), 1L).get(s.name()), reweighted.populations(List.of(s), 1L).get(s.name())));
    }

    private static double temperature(String arg) {
        return Double.parseDouble(arg.substring(arg.indexOf('@') + 1));
    }

    private static Path file(String arg) {
        return Path.of(arg.substring(0, arg.indexOf('@')));
    }
}
