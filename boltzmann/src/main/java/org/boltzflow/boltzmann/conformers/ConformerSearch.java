package org.boltzflow.boltzmann.conformers;

import java.util.List;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.mmff.ConformerBuilder;
import org.boltzflow.boltzmann.forcefield.mmff.MmffForceField;
import org.boltzflow.boltzmann.md.ReplicaExchange;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.flows.Rng;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * Boltzmann-weighted MMFF94 conformers of one molecule. The molecule is built in 3D (or its SDF coordinates
 * minimized) keeping the stereochemistry it specifies; replica-exchange Langevin MD on MMFF94 samples it at a ladder
 * of temperatures, and MBAR weights every replica's samples for the temperature; for a molecule without tetrahedral
 * centres each sample's mirror image joins it ({@link MirrorImages}). With {@link ConformerSettings.Sampler#FLOW}
 * the lowest replica's samples train a normalizing flow, {@link FlowSampler}, whose importance-weighted draws are
 * used instead. Samples whose tetrahedral centres or double bonds differ from the start get weight zero and are
 * counted; {@link ConformerGrouping} turns the rest into conformers with populations. The caller's molecule is left
 * as given. Deterministic for a seed, whatever the thread count.
 */
public final class ConformerSearch {
    private static final int BUILD_ATTEMPTS = 5;
    /** The lightest samples, together carrying at most this much of the weight, are left out. */
    private static final double NEGLIGIBLE_WEIGHT = 1e-6;

    private ConformerSearch() {}

    /**
     * Runs the search without a time limit.
     *
     * @throws IllegalArgumentException naming the reason when the molecule cannot be typed, built or sampled
     */
    public static ConformerEnsemble run(MoleculeInput input, ConformerSettings settings, long seed) {
        return run(input, settings, seed, Deadline.none());
    }

    /**
     * Runs the search, checking {@code deadline} between its stages, replica-exchange blocks and minimizations.
     *
     * @throws IllegalArgumentException naming the reason when the molecule cannot be typed, built or sampled
     * @throws Deadline.Exceeded when the deadline passes before the search ends
     */
    public static ConformerEnsemble run(MoleculeInput given, ConformerSettings settings, long seed,
            Deadline deadline) {
        long start = System.nanoTime();
        MoleculeInput input = given.copy();
        if (settings.sampler() == ConformerSettings.Sampler.FLOW) {
            FlowSampler.requireConnected(input.molecule());
        }
        deadline.check();
        ConformerBuilder.Conformer built = buildKeepingStereo(input, seed);
        deadline.check();
        MmffForceField forceField = built.forceField();
        double[] reference = built.minimization().xyz();
        if (!Double.isFinite(built.minimization().energy())) {
            throw new IllegalArgumentException("the 3D structure has a non-finite MMFF94 energy (overlapping atoms)");
        }
        StereoCheck stereo = StereoCheck.of(input.molecule());
        ThermodynamicState state = new ThermodynamicState(forceField, settings.temperature());
        ReplicaExchange exchange = new ReplicaExchange(state, settings.ladder(forceField.atomCount()),
                CdkTopology.of(input.molecule()).masses(), settings.timestep(), settings.friction(),
                Rng.derive(seed, 1));
        ReplicaExchange.Result md;
        try {
            md = exchange.run(reference, settings.equilibrationSteps(), settings.productionSteps(),
                    settings.exchangeInterval(), settings.sampleInterval(), settings.threads(),
                    settings.sampler() == ConformerSettings.Sampler.MD, deadline::check);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("MD on MMFF94 failed: " + e.getMessage(), e);
        }
        WeightedDraws draws = settings.sampler() == ConformerSettings.Sampler.FLOW
                ? FlowSampler.sample(input.molecule(), state, md.samples(), stereo, settings, seed, deadline)
                : WeightedDraws.ofFrames(weightedFrames(md, stereo), stereo);
        if (draws.allInvalid()) {
            throw new IllegalArgumentException("no sample kept the stereochemistry of the input with a finite "
                    + "energy");
        }
        double[][] samples = draws.samples();
        double[] weights = ImportanceWeights.normalized(draws.logWeights());
        List<Dihedral> torsions = RotatableBonds.of(input.molecule());
        ConformerGrouping grouping = new ConformerGrouping(state, HeavyAtomSymmetry.of(input.molecule()), torsions,
                RotatableBonds.ringTorsions(input.molecule()), settings.rmsdThreshold(), settings.groupingTolerance(),
                settings.threads(), deadline);
        ConformerGrouping.Result groups = grouping.group(samples, weights, settings.bootstrapBlocks(),
                settings.bootstrapReplicates(), Rng.derive(seed, 2));
        long flowEvaluations = draws.flow() == null ? 0 : draws.flow().energyEvaluations();
        return new ConformerEnsemble(input, settings.temperature(), groups.conformers(), samples, weights,
                draws.energies(), torsions, draws.invalid(), stereo.centreCount(), stereo.doubleBondCount(),
                ImportanceWeights.kishFraction(draws.logWeights()), md.acceptance(), groups.minima(),
                md.energyEvaluations() + flowEvaluations + groups.energyEvaluations()
                        + built.minimization().iterations(), (System.nanoTime() - start) / 1e9, draws.flow());
    }

    /**
     * Every replica's frames weighted by MBAR for the lowest temperature, without the lightest ones, each followed
     * by its mirror image when a reflection keeps the molecule's stereochemistry.
     */
    private static ReplicaExchange.Pooled weightedFrames(ReplicaExchange.Result md, StereoCheck stereo) {
        ReplicaExchange.Pooled pooled = md.pooled().withoutLightest(NEGLIGIBLE_WEIGHT);
        return stereo.reflectionSymmetric() ? MirrorImages.interleave(pooled) : pooled;
    }

    /**
     * The minimized start structure: the SDF's own coordinates, or a 3D build from the graph, retried with other
     * seeds until it realizes the specified stereochemistry.
     */
    private static ConformerBuilder.Conformer buildKeepingStereo(MoleculeInput input, long seed) {
        if (input.has3d()) {
            return new ConformerBuilder(seed).minimize(input.molecule());
        }
        for (int attempt = 0; attempt < BUILD_ATTEMPTS; attempt++) {
            ConformerBuilder.Conformer built = new ConformerBuilder(Rng.derive(seed, 100 + attempt))
                    .build(input.molecule());
            if (StereoCheck.realizesSpecifiedStereo(built.molecule())) {
                return built;
            }
        }
        throw new IllegalArgumentException("no 3D build in " + BUILD_ATTEMPTS + " attempts realized the specified "
                + "stereochemistry");
    }
}
