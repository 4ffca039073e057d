package org.boltzflow.boltzmann.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.boltzmann.forcefield.mmff.MmffForceField;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.flows.Engines;
import org.junit.jupiter.api.Test;

/** The shared autograd bridge on an MMFF94 energy (three conformers of butane): gradient is exactly -F. */
class MmffEnergyBridgeTest {
    static final Path SDF = Path.of(System.getProperty("boltzflow.data", "../data"), "mmff", "reference.sdf");

    @Test
    void gradientOfTheBridgedMmffEnergyIsMinusTheForce() throws IOException {
        Engines.init(1);
        List<MoleculeSdf.Record> records = MoleculeSdf.read(SDF).subList(3, 6);
        MmffForceField model = MmffForceField.of(records.get(0).molecule());
        int width = 3 * model.atomCount();
        double[] xyz = new double[records.size() * width];
        for (int r = 0; r < records.size(); r++) {
            System.arraycopy(MoleculeSdf.coordinatesNm(records.get(r).molecule()), 0, xyz, r * width, width);
        }
        try (BatchEnergyEvaluator evaluator = new BatchEnergyEvaluator(model, 2);
                NDManager manager = NDManager.newBaseManager()) {
            double[] forces = new double[xyz.length];
            double[] energies = evaluator.energiesAndForces(xyz, forces);
            NDArray x = manager.create(xyz, new Shape(records.size(), width));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray e = new EnergyBridge(evaluator).energy(x);
                collector.backward(e.sum());
                assertEquals(energies[2], e.getDouble(2), 0.0);
                double[] gradient = x.getGradient().toDoubleArray();
                for (int i = 0; i < xyz.length; i++) {
                    assertEquals(-forces[i], gradient[i], 1e-12 * Math.max(1.0, Math.abs(forces[i])));
                }
            }
        }
    }
}
