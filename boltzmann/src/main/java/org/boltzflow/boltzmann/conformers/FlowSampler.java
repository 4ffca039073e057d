package org.boltzflow.boltzmann.conformers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.generator.BoltzmannGenerator;
import org.boltzflow.boltzmann.generator.CartesianAtoms;
import org.boltzflow.boltzmann.generator.FlowSpec;
import org.boltzflow.boltzmann.generator.TrainingPhase;
import org.boltzflow.boltzmann.generator.TrainingPlan;
import org.boltzflow.boltzmann.generator.WeightedSamples;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Rng;
import org.openscience.cdk.graph.ConnectivityChecker;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The flow stage of a conformer search: a {@link BoltzmannGenerator} on the molecule's MMFF94 state, over internal
 * coordinates from its bond graph (a ring is placed through a spanning tree of its bonds; three central heavy atoms
 * stay Cartesian when the molecule has them, otherwise the global Z-matrix is used), trained by forward KL on the
 * replica-exchange samples and then by reverse KL against MMFF94, then drawn from with importance log weights
 * {@code -E(x)/kT - log q(x)}. Draws whose stereochemistry changed get weight zero.
 */
final class FlowSampler {
    /** Learning rate of the forward-KL phase (cosine-decayed to 5% of it). */
    private static final double FORWARD_RATE = 1e-3;
    /** Learning rate of the reverse-KL phase. */
    private static final double REVERSE_RATE = 3e-4;
    /** Weight of forward KL on the MD frames kept in the reverse-KL phase. */
    private static final double FORWARD_WEIGHT = 1.0;

    private FlowSampler() {}

    /**
     * Trains on {@code frames} (the MD samples of {@code molecule}; those with a changed stereochemistry are left
     * out) and draws.
     *
     * @throws IllegalArgumentException naming the reason when the generator cannot represent the molecule
     */
    static WeightedDraws sample(IAtomContainer molecule, ThermodynamicState state, double[][] frames,
            StereoCheck stereo, ConformerSettings settings, long seed, Deadline deadline) {
        long start = System.nanoTime();
        requireConnected(molecule);
        Topology topology = CdkTopology.of(molecule);
        List<double[]> kept = Arrays.stream(frames).filter(stereo::keeps).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("every MD sample changed the stereochemistry of the input");
        }
        ConformerSettings.FlowEffort effort = settings.flow();
        TrainingPlan plan = TrainingPlan.of(
                TrainingPhase.forwardKl(effort.forwardSteps(), effort.batch(), FORWARD_RATE),
                TrainingPhase.reverse(effort.reverseSteps(), effort.batch(), 1.0, REVERSE_RATE, FORWARD_WEIGHT));
        WeightedSamples drawn;
        long trainingEvaluations;
        try (BoltzmannGenerator generator = BoltzmannGenerator.builder(state, topology)
                .reference(new Trajectory(topology.atomCount(), kept)).flow(spec(topology, effort)).training(plan)
                .seed(Rng.derive(seed, 3)).threads(settings.threads()).build()) {
            generator.train(null, () -> false, (report, phase, ess, evaluations) -> deadline.check());
            trainingEvaluations = generator.energyEvaluations();
            drawn = generator.sample(effort.draws(), Rng.derive(seed, 4), count -> deadline.check());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the flow cannot represent this molecule: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int atoms = 3 * topology.atomCount();
        double[][] samples = new double[drawn.size()][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Arrays.copyOfRange(drawn.xyz(), i * atoms, (i + 1) * atoms);
        }
        double[] logWeights = drawn.logWeights().clone();
        stereo.zeroChanged(samples, logWeights);
        int invalid = drawn.invalid()
                + (int) Arrays.stream(logWeights).filter(w -> w == Double.NEGATIVE_INFINITY).count();
        ConformerEnsemble.FlowStage stage = new ConformerEnsemble.FlowStage(kept.size(), plan.totalSteps(),
                effort.draws(), trainingEvaluations + drawn.size(), (System.nanoTime() - start) / 1e9);
        return new WeightedDraws(samples, logWeights, drawn.energies(), invalid, stage);
    }

    /** Refuses a molecule of several fragments, which internal coordinates from the bond graph cannot place. */
    static void requireConnected(IAtomContainer molecule) {
        if (!ConnectivityChecker.isConnected(molecule)) {
            throw new IllegalArgumentException("the flow's internal coordinates need one connected molecule, this "
                    + "input has several fragments (use the md sampler)");
        }
    }

    /** The flow of {@code effort}: three central heavy atoms Cartesian if the molecule has them, else a Z-matrix. */
    private static FlowSpec spec(Topology topology, ConformerSettings.FlowEffort effort) {
        FlowSpec spec = FlowSpec.of(effort.blocks(), effort.bins(), effort.hidden(), effort.hidden());
        return CartesianAtoms.hasCentre(topology) ? spec : spec.withCartesianAtoms();
    }
}
