package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.boltzmann.topology.Topology;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.ComponentRegistry;
import org.boltzflow.flows.testing.LayerChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MixedCoordinateTransformTest {
    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    private static double[][] alanineFrames(int count, long seed) {
        return TestMolecules.perturbed(TestMolecules.alanineDipeptide().xyz(), count, 0.01, seed);
    }

    private static MixedCoordinateTransform alanineLayer(NDManager manager) {
        Topology topology = TestMolecules.alanineDipeptide().topology();
        double[][] frames = TestMolecules.alanineMdFrames();
        ZMatrix z = ZMatrixBuilder.relativeTo(topology, ZMatrixBuilder.heavyAtoms(topology));
        return MixedCoordinateTransform.fit(z, manager.create(TestMolecules.flatten(frames),
                new Shape(frames.length, 66)), 5.0);
    }

    private static NDArray latent(NDManager manager, MixedCoordinateTransform layer, int n, long seed, double scale) {
        return Rng.normal(manager, new Shape(n, layer.internalDim()), DataType.FLOAT64, seed).mul(scale);
    }

    @Test
    void cartesianToLatentToCartesianReproducesFramesUpToRigidMotion() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MixedCoordinateTransform layer = alanineLayer(manager);
            double[][] frames = TestMolecules.alanineMdFrames();
            frames[1] = RigidMotions.move(frames[1], new double[] {2.0, 0.3, -1.1}, new double[] {1, 2, 3});
            frames[2] = TestMolecules.alanineDipeptide().xyz();
            frames[3] = alanineFrames(1, 99)[0];
            RigidMotions.assertCartesianRoundTrip(layer, manager, frames);
        }
    }

    @Test
    void fittingLeavesOnlyTheFramesAndTheLayersParametersInTheCallersManager() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology topology = TestMolecules.alanineDipeptide().topology();
            double[][] md = TestMolecules.alanineMdFrames();
            NDArray x = manager.create(TestMolecules.flatten(md), new Shape(md.length, 66));
            MixedCoordinateTransform mixed = MixedCoordinateTransform.fit(
                    ZMatrixBuilder.relativeTo(topology, new int[] {6, 8, 14}), x, 5.0);
            InternalCoordinateTransform global = InternalCoordinateTransform.fit(ZMatrixBuilder.build(topology), x,
                    5.0);
            assertEquals(1 + mixed.parameters().size() + global.parameters().size(),
                    manager.getManagedArrays().size());
        }
    }

    @Test
    void aBackboneSubsetAsCartesianAtomsRoundTripsTheMdFrames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology topology = TestMolecules.alanineDipeptide().topology();
            int[] backbone = {4, 6, 8, 14, 16};
            ZMatrix zmatrix = ZMatrixBuilder.relativeTo(topology, backbone);
            assertEquals(17, zmatrix.entries().size());
            double[][] md = TestMolecules.alanineMdFrames();
            NDArray x = manager.create(TestMolecules.flatten(md), new Shape(md.length, 66));
            MixedCoordinateTransform layer = MixedCoordinateTransform.fit(zmatrix, x, 5.0);
            assertEquals(60, layer.internalDim());
            // of the 17 dihedrals only the methyl rotors stay circular (phi and psi are fixed Cartesian here)
            assertEquals(3, layer.domains().stream().filter(Domain::isCircular).count());
            RigidMotions.assertCartesianRoundTrip(layer, manager, md);
        }
    }

    @Test
    void latentToCartesianToLatentIsTheIdentityAndInvariantUnderRigidMotion() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MixedCoordinateTransform layer = alanineLayer(manager);
            NDArray z = latent(manager, layer, 32, 4, 1.0);
            FlowResult x = layer.forward(z);
            FlowResult back = layer.inverse(x.value());
            LayerChecks.assertClose(z.toDoubleArray(), back.value().toDoubleArray(), 1e-10, "inverse(forward(z))");
            LayerChecks.assertClose(x.logDet().neg().toDoubleArray(), back.logDet().toDoubleArray(), 1e-10, "log-dets");
            double[] moved = RigidMotions.move(x.value().get("0").toDoubleArray(), new double[] {-0.4, 2.5, 0.9},
                    new double[] {-2, 0, 7});
            FlowResult again = layer.inverse(manager.create(moved).reshape(1, 66));
            LayerChecks.assertClose(z.get("0:1").toDoubleArray(), again.value().toDoubleArray(), 1e-10,
                    "latent of a moved configuration");
            assertEquals(back.logDet().getDouble(0), again.logDet().getDouble(0), 1e-10);
            LayerChecks.assertForwardGradientMatchesFiniteDifference(layer, z.get("0:2"), new int[] {0, 23, 30, 47,
                70, 119}, 1e-6, 1e-6, 8);
            LayerChecks.assertGradientSurvivesGc(layer, layer::forward, z.get("0:2"), "forward (inverse is not differentiated)");
        }
    }

    @Test
    void theInverseIsDifferentiableInTheCartesianCoordinatesSuperpositionIncluded() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology topology = TestMolecules.alanineDipeptide().topology();
            double[][] md = TestMolecules.alanineMdFrames();
            NDArray frames = manager.create(TestMolecules.flatten(md), new Shape(md.length, 66));
            double[] moved = RigidMotions.move(md[7], new double[] {0.7, -1.9, 0.4}, new double[] {1.5, -0.2, 3});
            NDArray x = manager.create(TestMolecules.flatten(new double[][] {md[3], moved}), new Shape(2, 66));
            int[] every = java.util.stream.IntStream.range(0, 132).toArray();
            for (int[] cartesian : new int[][] {{6, 8, 14}, ZMatrixBuilder.heavyAtoms(topology)}) {
                MixedCoordinateTransform layer = MixedCoordinateTransform.fit(
                        ZMatrixBuilder.relativeTo(topology, cartesian), frames, 5.0);
                LayerChecks.assertInverseGradientMatchesFiniteDifference(layer, x, every, 1e-6, 1e-6, 3);
            }
        }
    }

    @Test
    void logDetIsTheSliceVolumePlusTheRigidBodyVolume() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology amide = CdkTopology.fromSmiles("CC(C)C(=O)N");
            double[] base = TestMolecules.randomPositions(amide.atomCount(), 0.15, 8);
            double[][] frames = TestMolecules.perturbed(base, 60, 0.01, 9);
            ZMatrix zmatrix = ZMatrixBuilder.relativeTo(amide, ZMatrixBuilder.heavyAtoms(amide));
            MixedCoordinateTransform layer = MixedCoordinateTransform.fit(zmatrix,
                    manager.create(TestMolecules.flatten(frames), new Shape(60, 3L * amide.atomCount())), 5.0);
            NDArray z = latent(manager, layer, 1, 12, 1.0);
            LayerChecks.assertLogVolumeMatchesJacobian(RigidMotions.minus(layer, layer::sliceLogJacobian), z, 1e-5,
                    1e-6);
            RigidMotions.assertQuotientLogDet(layer, z, 1e-5, 1e-6);
        }
    }

    @Test
    void domainsParametersAndSaveLoad() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MixedCoordinateTransform layer = alanineLayer(manager);
            List<Domain> domains = layer.domains();
            assertEquals(60, domains.size());
            // 12 hydrogen dihedrals: the first hydrogen of each methyl group rotates (circular), the others are
            // siblings at about ±120° from it and the amide hydrogens are planar (narrow, standardized)
            assertEquals(3, domains.stream().filter(Domain::isCircular).count());
            assertTrue(domains.subList(0, 48).stream().noneMatch(Domain::isCircular));
            MixedCoordinateTransform copy = ComponentRegistry.load().create(layer.toJson(), manager,
                    MixedCoordinateTransform.class);
            LayerChecks.copyParameters(layer, copy);
            assertEquals(domains, copy.domains(), "the rebuilt layer keeps which dihedrals are narrow");
            NDArray z = latent(manager, layer, 3, 2, 1.0);
            LayerChecks.assertClose(layer.forward(z).value().toDoubleArray(), copy.forward(z).value().toDoubleArray(),
                    0, "forward of the rebuilt layer");
            double[][] md = TestMolecules.alanineMdFrames();
            NDArray x = manager.create(TestMolecules.flatten(md), new Shape(md.length, 66));
            NDArray whitened = layer.inverse(x).value().get(":, 0:24");
            NDArray covariance = whitened.transpose().matMul(whitened).div(md.length);
            LayerChecks.assertClose(manager.eye(24).toType(DataType.FLOAT64, false).toDoubleArray(),
                    covariance.toDoubleArray(), 1e-8, "covariance of the whitened training data");
        }
    }

    @Test
    void tooFewTrainingFramesForThePcaIsAClearError() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology topology = TestMolecules.alanineDipeptide().topology();
            ZMatrix z = ZMatrixBuilder.relativeTo(topology, ZMatrixBuilder.heavyAtoms(topology));
            NDArray x = manager.create(TestMolecules.flatten(alanineFrames(10, 3)), new Shape(10, 66));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MixedCoordinateTransform.fit(z, x, 5.0));
            assertTrue(e.getMessage().contains("more (and more varied) frames"), e.getMessage());
        }
    }

    @Test
    void aDegenerateTrainingFrameBeyondTheFirstMeasuringChunkIsNamedByItsIndex() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology topology = TestMolecules.alanineDipeptide().topology();
            int frames = InternalGeometry.MEASURE_CHUNK + 10;
            double[][] tiled = new double[frames][];
            double[][] md = TestMolecules.alanineMdFrames();
            for (int f = 0; f < frames; f++) {
                tiled[f] = md[f % md.length].clone();
            }
            int bad = InternalGeometry.MEASURE_CHUNK + 3;
            System.arraycopy(tiled[bad], 3 * 4, tiled[bad], 3 * 6, 3); // atom 6 onto its bonded atom 4
            NDArray x = manager.create(TestMolecules.flatten(tiled), new Shape(frames, 66));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InternalCoordinateTransform.fit(ZMatrixBuilder.build(topology), x, 5.0));
            assertTrue(e.getMessage().startsWith("configuration " + bad + ": "), e.getMessage());
        }
    }
}
