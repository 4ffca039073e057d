import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.generator.DefaultCvs;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.NpyCoordinates;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.md.ReplicaExchange;
import org.boltzflow.mcmc.estimators.Estimate;

/**
 * State populations and free-energy differences of a peptide by replica exchange: a temperature ladder from 300 K
 * up (geometric), Langevin replicas swapping every 0.25 ps, the 300 K replica recorded every 0.5 ps; the states are
 * the defaults of {@code boltzflow run} (four basins of the first residue's phi/psi). Slow basin changes that plain
 * MD chains miss at 300 K happen in the hot replicas. The frames can be given to {@code boltzflow run --reference}.
 *
 * <pre>./boltzflow script examples/scripts/ReplicaExchangeStates.java PRMTOP COORDS SOLVENT REPLICAS T_MAX
 *     STEPS OUT.npy [SEED]</pre>
 * STEPS: production steps (1 fs) per replica, after STEPS / 20 of equilibration.
 */
public class ReplicaExchangeStates {
    public static void main(String[] args) throws Exception {
        AmberForceField forceField = AmberForceField.create(PrmtopReader.read(Path.of(args[0])),
                Solvent.parse(args[2]));
        double[] start = CoordinateFiles.read(Path.of(args[1]), forceField.topology()).frame(0);
        int replicas = Integer.parseInt(args[3]);
        double hottest = Double.parseDouble(args[4]);
        int steps = Integer.parseInt(args[5]);
        long seed = args.length > 7 ? Long.parseLong(args[7]) : 1;
        ThermodynamicState room = new ThermodynamicState(forceField, 300);

        double[] ladder = ReplicaExchange.geometricLadder(300, hottest, replicas);
        ReplicaExchange exchange = new ReplicaExchange(room, ladder, forceField.topology().masses(), 0.001, 1.0,
                seed);
        int equilibration = steps / 20 / 250 * 250;
        ReplicaExchange.Result run = exchange.run(start, equilibration, steps, 250, 500, 2, () -> {});
        Trajectory frames = new Trajectory(forceField.topology().atomCount(), Arrays.asList(run.samples()));
        NpyCoordinates.write(Path.of(args[6]), frames);
        System.out.printf("ladder %s K, swap acceptance %s, %d frames at 300 K, %d energy evaluations%n",
                Arrays.toString(Arrays.stream(ladder).map(t -> Math.round(t * 10) / 10.0).toArray()),
                Arrays.toString(Arrays.stream(run.acceptance()).map(a -> Math.round(a * 1000) / 1000.0).toArray()),
                frames.frameCount(), run.energyEvaluations());

        List<State> states = DefaultCvs.of(forceField.topology()).states();
        WeightedEnsemble ensemble = WeightedEnsemble.of(frames, null).inBlocks(Math.min(20, frames.frameCount()));
        for (Map.Entry<String, Estimate> p : ensemble.populations(states, seed).entrySet()) {
            System.out.printf("P(%s) = %.4f ± %.4f%n", p.getKey(), p.getValue().value(), p.getValue().stdError());
        }
        for (State other : states.subList(1, states.size())) {
            Estimate dF = ensemble.deltaF(states.get(0), other, room, seed);
            System.out.printf("dF %s - %s = %.2f ± %.2f kJ/mol%n", states.get(0).name(), other.name(), dF.value(),
                    dF.stdError());
        }
    }
}
