package org.example;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.targets.TwoMoons;
import org.boltzflow.flows.training.Trainer;

/** The README's Java quick start: a molecule's energy, and a normalizing flow fitted to a 2D density. */
public final class QuickStart {
    private QuickStart() {}

    /** The AMBER energy (kJ/mol) of the first frame of {@code coords} (.pdb, .dcd or .npy in nm) with GB-OBC1. */
    public static double alanineEnergy(Path prmtop, Path coords) throws IOException {
        AmberForceField ff = AmberForceField.load(prmtop, Solvent.OBC1);
        double[] xyz = CoordinateFiles.read(coords, ff.topology()).frame(0);
        double energy = ff.energyAndForces(xyz, new double[xyz.length]);
        return energy;
    }

    /** Fits a RealNVP to two moons by forward KL and returns KL(p‖q) = test NLL − the target's entropy, in nats. */
    public static double twoMoonsKl(long seed) {
        Engines.init(1); // DJL's PyTorch engine, offline, one intra-op thread
        try (NDManager manager = NDManager.newBaseManager()) {
            TwoMoons target = new TwoMoons(DataType.FLOAT64);
            List<FlowLayer> layers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                layers.add(new AffineCoupling(manager, AffineCoupling.alternatingMask(2, i % 2), new int[] {32, 32},
                        Activation.TANH, AffineCoupling.DEFAULT_SCALE_BOUND, DataType.FLOAT64, seed + i));
            }
            NormalizingFlow flow = new NormalizingFlow(new DiagonalGaussian(manager, 2, true, DataType.FLOAT64), layers);
            Trainer trainer = Trainer.builder(flow).learningRate(Tracker.fixed(3e-3f)).build();
            trainer.fit((m, step, stepSeed) -> flow.forwardKld(target.sample(m, 256, stepSeed).x()),
                    0, 300, seed, report -> {});
            double nll = -flow.logProb(target.sample(manager, 10000, seed + 100).x()).mean().getDouble();
            return nll - target.entropy();
        }
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]).resolve("alanine-dipeptide"); // in boltzflow's data/ folder
        System.out.printf("alanine dipeptide, AMBER ff96 + OBC1: %.4f kJ/mol%n", alanineEnergy(
                folder.resolve("alanine-dipeptide.prmtop"), folder.resolve("reference/coords.npy")));
        System.out.printf("two moons: KL(p||q) = %.3f nats after 300 steps%n", twoMoonsKl(1));
    }
}
