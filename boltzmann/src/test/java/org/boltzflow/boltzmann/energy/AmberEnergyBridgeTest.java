package org.boltzflow.boltzmann.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.NpyCoordinates;
import org.boltzflow.flows.Engines;
import org.junit.jupiter.api.Test;

/** The autograd bridge on alanine dipeptide's AMBER energy (OBC1): gradient is exactly -F. */
class AmberEnergyBridgeTest {
    static final Path DIR = Path.of(System.getProperty("boltzflow.data", "../data"), "alanine-dipeptide");

    @Test
    void gradientOfTheBridgedAmberEnergyIsMinusTheForce() throws IOException {
        Engines.init(1);
        AmberForceField model = AmberForceField.load(DIR.resolve("alanine-dipeptide.prmtop"), Solvent.OBC1);
        double[] all = NpyCoordinates.read(DIR.resolve("reference/coords.npy")).flatten();
        int batch = 8;
        double[] xyz = Arrays.copyOf(all, batch * 66);
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(model, 2);
                NDManager manager = NDManager.newBaseManager()) {
            double[] forces = new double[xyz.length];
            double[] energies = evaluator.energiesAndForces(xyz, forces);
            NDArray x = manager.create(xyz, new Shape(batch, 66));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray e = new EnergyBridge(evaluator).energy(x);
                collector.backward(e.sum());
                assertEquals(energies[3], e.getDouble(3), 0.0);
                double[] gradient = x.getGradient().toDoubleArray();
                for (int i = 0; i < xyz.length; i++) {
                    assertEquals(-forces[i], gradient[i], 1e-12 * Math.abs(forces[i]));
                }
            }
        }
    }

    @Test
    void amberBatchIsIdenticalForAnyThreadCount() throws IOException {
        AmberForceField model = AmberForceField.load(DIR.resolve("alanine-dipeptide.prmtop"), Solvent.OBC2);
        double[] xyz = NpyCoordinates.read(DIR.resolve("reference/coords.npy")).flatten();
        double[][] forces = new double[3][xyz.length];
        double[][] energies = new double[3][];
        int[] threads = {1, 2, 5};
        for (int t = 0; t < 3; t++) {
            try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(model, threads[t])) {
                energies[t] = evaluator.energiesAndForces(xyz, forces[t]);
            }
        }
        for (int t = 1; t < 3; t++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(energies[0], energies[t], 0.0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(forces[0], forces[t], 0.0);
        }
    }
}
