import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ReducedEnergies;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.Mbar;

/**
 * The temperature dependence of alanine dipeptide's alphaR population (OBC1) by MBAR: sample sets from MD at some
 * temperatures, populations at those and at any temperatures in between, with MBAR's uncertainties.
 *
 * <pre>./boltzflow script examples/scripts/PopulationVsTemperature.java FILE@T [FILE@T ...] [T ...]</pre>
 * e.g. {@code md300.dcd@300 md400.dcd@400 325 350 375}: two sampled states and three evaluated ones.
 */
public class PopulationVsTemperature {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("boltzflow.data", "data"), "alanine-dipeptide");
        AmberForceField obc1 = AmberForceField.load(data.resolve("alanine-dipeptide.prmtop"), Solvent.OBC1);
        State alphaR = CvDefinition.read(data.resolve("phi-psi.json"), obc1.topology()).state("alphaR");

        List<ThermodynamicState> states = new ArrayList<>();
        List<Trajectory> sets = new ArrayList<>();
        List<Double> evaluated = new ArrayList<>();
        for (String arg : args) {
            if (arg.contains("@")) {
                sets.add(CoordinateFiles.read(Path.of(arg.substring(0, arg.indexOf('@'))), obc1.topology()));
                states.add(new ThermodynamicState(obc1, Double.parseDouble(arg.substring(arg.indexOf('@') + 1))));
            } else {
                evaluated.add(Double.parseDouble(arg));
            }
        }
        evaluated.forEach(t -> states.add(new ThermodynamicState(obc1, t)));

        ReducedEnergies.Matrix u = ReducedEnergies.of(states, sets, 2);
        Mbar mbar = Mbar.solve(u.u(), u.counts());
        double[] xyz = sets.stream().map(Trajectory::flatten).reduce(new double[0], PopulationVsTemperature::concat);
        boolean[] in = WeightedEnsemble.of(xyz, obc1.atomCount(), null).members(alphaR);
        double[] indicator = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            indicator[i] = in[i] ? 1 : 0;
        }
        Estimate[] population = mbar.expectations(indicator);
        Estimate[] f = mbar.relativeToFirst();
        System.out.println("T_K     samples  f_k-f_0 (kT)      P(alphaR)");
        for (int k = 0; k < states.size(); k++) {
            System.out.printf("%6.1f  %7d  %8.3f ± %.3f  %.4f ± %.4f%n", states.get(k).temperature(), u.counts()[k],
                    f[k].value(), f[k].stdError(), population[k].value(), population[k].stdError());
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
