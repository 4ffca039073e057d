package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The result of a conformer search for one molecule: its conformers (MMFF94 minima of the populated basins,
 * most populated first), the weighted samples they were grouped from, and what the run cost.
 *
 * @param input the prepared molecule (atom order of every coordinate array)
 * @param temperature the temperature in K
 * @param conformers every populated conformer, by decreasing population
 * @param samples the sampled configurations (nm): MD frames or flow draws
 * @param weights their normalized Boltzmann weights (importance weights for flow draws); zero for a sample whose
 *     stereochemistry changed
 * @param sampleEnergies their MMFF94 energies (kJ/mol)
 * @param torsions one dihedral per rotatable bond
 * @param invalidSamples samples with changed stereochemistry (weight zero); with the flow also draws its coordinate
 *     layer could not map to a configuration and draws of non-finite energy
 * @param stereoCentres tetrahedral centres checked
 * @param stereoBonds double bonds checked
 * @param kishFraction Kish effective sample size of the weights over the number of samples
 * @param exchangeAcceptance replica-exchange swap acceptance per neighbouring pair of temperatures
 * @param minima distinct minima before merging into conformers
 * @param energyEvaluations MMFF94 energy and force evaluations
 * @param seconds wall time of the search
 * @param flow what the flow stage did, or null when the samples are the MD frames
 */
public record ConformerEnsemble(MoleculeInput input, double temperature, List<Conformer> conformers,
        double[][] samples, double[] weights, double[] sampleEnergies, List<Dihedral> torsions, int invalidSamples,
        int stereoCentres, int stereoBonds, double kishFraction, double[] exchangeAcceptance, int minima,
        long energyEvaluations, double seconds, FlowStage flow) {

    /**
     * The flow stage of a search: MD frames it was trained on, training steps, draws (all of them, including those
     * left out as invalid), its MMFF94 energy evaluations (training and weighing the draws) and its wall time.
     */
    public record FlowStage(int trainingFrames, long trainingSteps, int draws, long energyEvaluations,
            double seconds) {}

    /**
     * One conformer: the MMFF94 minimum of its basin (nm), its energy there (kJ/mol), its population with a
     * block-bootstrap error, its free energy {@code G = -kT ln p} (kJ/mol) and the number of samples in its basin.
     */
    public record Conformer(double[] xyz, double energy, double population, double populationError,
            double freeEnergy, int samples) {}

    /** The molecule of {@link #input()}. */
    public IAtomContainer molecule() {
        return input.molecule();
    }

    /** The conformers whose free energy is within {@code window} kJ/mol of the most populated one. */
    public List<Conformer> within(double window) {
        List<Conformer> out = new ArrayList<>();
        if (conformers.isEmpty()) {
            return out;
        }
        double best = conformers.get(0).freeEnergy();
        for (Conformer c : conformers) {
            if (c.freeEnergy() - best <= window) {
                out.add(c);
            }
        }
        return out;
    }

    /** The lowest MMFF94 energy of any conformer (kJ/mol). */
    public double lowestEnergy() {
        return conformers.stream().mapToDouble(Conformer::energy).min().orElse(Double.NaN);
    }
}
