package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.io.FlowIO;
import org.boltzflow.flows.layers.AffineCoupling;
import org.boltzflow.flows.layers.SplineCoupling;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.splines.SplineSettings;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinate layers at the data end of a flow, as the alanine-dipeptide Boltzmann generator uses them: a base
 * chosen by {@code domains()}, a spline coupling on the internal coordinates, then the coordinate layer. Samples'
 * log-densities agree with {@code logProb} of the same configurations, and the flow saves and loads with FlowIO.
 */
class CoordinateFlowTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    @Test
    void internalAndMixedFlowsSampleEvaluateAndSaveConsistently() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology topology = TestMolecules.alanineDipeptide().topology();
            double[][] md = TestMolecules.alanineMdFrames();
            NDArray data = manager.create(TestMolecules.flatten(md), new Shape(md.length, 66));
            InternalCoordinateTransform internal = InternalCoordinateTransform.fit(ZMatrixBuilder.build(topology), data,
                    5.0);
            MixedCoordinateTransform mixed = MixedCoordinateTransform.fit(ZMatrixBuilder.relativeTo(topology,
                    ZMatrixBuilder.heavyAtoms(topology)), data, 5.0);
            assertConsistent(manager, internal, internal.domains(), data, "internal");
            assertConsistent(manager, mixed, mixed.domains(), data, "mixed");
        }
    }

    private void assertConsistent(NDManager manager, FlowLayer coordinates, List<Domain> domains,
            NDArray data, String name) throws Exception {
        SplineCoupling spline = new SplineCoupling(manager, domains, AffineCoupling.alternatingMask(domains.size(), 0), SplineSettings.of(8), new int[] {16}, Activation.TANH, DataType.FLOAT64, 3);
        LayerChecks.perturb(spline, 0.1, 4);
        NormalizingFlow flow = new NormalizingFlow(ProductDistribution.forDomains(manager, domains, DataType.FLOAT64),
                List.of(spline, coordinates));
        Sample sample = flow.sample(manager, 16, 5);
        assertEquals(66, sample.x().getShape().get(1));
        LayerChecks.assertClose(sample.logProb().toDoubleArray(), flow.logProb(sample.x()).toDoubleArray(), 1e-8,
                name + ": log q of samples vs logProb");
        FlowIO.save(flow, dir, name);
        NormalizingFlow loaded = FlowIO.load(dir, name, manager, NormalizingFlow.class);
        NDArray some = data.get("0:20");
        LayerChecks.assertClose(flow.logProb(some).toDoubleArray(), loaded.logProb(some).toDoubleArray(), 0,
                name + ": logProb after save and load");
    }
}
