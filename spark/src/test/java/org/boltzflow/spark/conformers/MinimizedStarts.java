package org.boltzflow.spark.conformers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.mmff.ConformerBuilder;
import org.boltzflow.flows.Rng;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * A stand-in conformer pipeline for the job's tests: three seeded 3D builds minimized with MMFF94, distinct minima
 * (by energy, 0.01 kJ/mol apart) weighted by their Boltzmann factors at 300 K. It does real, seeded work per
 * molecule and fails on bad input as a pipeline does.
 */
final class MinimizedStarts implements MoleculeConformers {
    private static final long serialVersionUID = 1L;

    @Override
    public List<ConformerRow> conformers(LibraryMolecule molecule, long seed) {
        List<ConformerBuilder.Conformer> minima = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ConformerBuilder builder = new ConformerBuilder(Rng.derive(seed, k));
            ConformerBuilder.Conformer c = molecule.smiles() != null ? builder.build(molecule.smiles())
                    : builder.minimize(Molfiles.parse(molecule.id(), molecule.molfile()));
            if (minima.stream().noneMatch(m -> Math.abs(energy(m) - energy(c)) < 0.01)) {
                minima.add(c);
            }
        }
        minima.sort(Comparator.comparingDouble(MinimizedStarts::energy));
        double kT = Units.kT(300);
        double z = minima.stream().mapToDouble(m -> Math.exp(-(energy(m) - energy(minima.get(0))) / kT)).sum();
        List<ConformerRow> rows = new ArrayList<>();
        for (int i = 0; i < minima.size(); i++) {
            double p = Math.exp(-(energy(minima.get(i)) - energy(minima.get(0))) / kT) / z;
            IAtomContainer mol = minima.get(i).molecule();
            mol.setProperty("population", p);
            rows.add(new ConformerRow(i + 1, p, 0, -kT * Math.log(p), energy(minima.get(i)), Molfiles.record(mol),
                    1.0));
        }
        return rows;
    }

    private static double energy(ConformerBuilder.Conformer c) {
        return c.minimization().energy();
    }
}
