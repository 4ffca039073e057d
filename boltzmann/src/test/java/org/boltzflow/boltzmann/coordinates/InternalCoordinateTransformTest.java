package org.boltzflow.boltzmann.coordinates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

class InternalCoordinateTransformTest {
    private static final List<String> SMALL_MOLECULES = List.of("CCO", "c1ccccc1O", "CC(C)C(=O)N", "NCC(=O)O",
            "C1CCCCC1", "OO");

    @BeforeAll
    static void engine() {
        Engines.init(1);
    }

    private static InternalCoordinateTransform alanineLayer(NDManager manager, double[][] frames) {
        TestMolecules.Molecule ala = TestMolecules.alanineDipeptide();
        NDArray data = manager.create(TestMolecules.flatten(frames), new Shape(frames.length, ala.xyz().length));
        return InternalCoordinateTransform.fit(ZMatrixBuilder.build(ala.topology()), data, 5.0);
    }

    /** The PDB configuration, 19 perturbed copies of it and the 220 MD frames of the reference fixture. */
    private static double[][] alanineFrames() {
        TestMolecules.Molecule ala = TestMolecules.alanineDipeptide();
        double[][] noisy = TestMolecules.perturbed(ala.xyz(), 20, 0.01, 7);
        noisy[0] = ala.xyz();
        double[][] md = TestMolecules.alanineMdFrames();
        double[][] all = Arrays.copyOf(noisy, noisy.length + md.length);
        System.arraycopy(md, 0, all, noisy.length, md.length);
        return all;
    }

    @Test
    void cartesianToInternalToCartesianReproducesAlanineFramesUpToRigidMotion() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] frames = alanineFrames();
            InternalCoordinateTransform layer = alanineLayer(manager, frames);
            RigidMotions.assertCartesianRoundTrip(layer, manager, frames);
        }
    }

    @Test
    void cartesianRoundTripOnRandomSmallMolecules() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int m = 0; m < SMALL_MOLECULES.size(); m++) {
                Topology topology = CdkTopology.fromSmiles(SMALL_MOLECULES.get(m));
                double[][] frames = TestMolecules.randomFrames(topology.atomCount(), 5, 0.2, m);
                NDArray data = manager.create(TestMolecules.flatten(frames), new Shape(5, 3L * topology.atomCount()));
                InternalCoordinateTransform layer = InternalCoordinateTransform.fit(ZMatrixBuilder.build(topology), data,
                        5.0);
                RigidMotions.assertCartesianRoundTrip(layer, manager, frames);
            }
        }
    }

    @Test
    void internalToCartesianToInternalIsTheIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            InternalCoordinateTransform layer = alanineLayer(manager, alanineFrames());
            NDArray z = latentSample(manager, layer, 64, 11);
            FlowResult x = layer.forward(z);
            FlowResult back = layer.inverse(x.value());
            LayerChecks.assertClose(z.toDoubleArray(), back.value().toDoubleArray(), 1e-10, "inverse(forward(z))");
            LayerChecks.assertClose(x.logDet().neg().toDoubleArray(), back.logDet().toDoubleArray(), 1e-10,
                    "forward and inverse log-dets");
            LayerChecks.assertBatchEqualsRows(layer::forward, z.get("0:5"), 1e-12, "forward");
            LayerChecks.assertBatchEqualsRows(layer::inverse, x.value().get("0:5"), 1e-12, "inverse");
            LayerChecks.assertGradientSurvivesGc(layer, z.get("0:5"));
        }
    }

    /** Standard normal bonds and angles, dihedrals uniform on [-π, π). */
    static NDArray latentSample(NDManager manager, InternalCoordinateTransform layer, int n, long seed) {
        List<Domain> domains = layer.domains();
        NDArray normal = Rng.normal(manager, new Shape(n, domains.size()), DataType.FLOAT64, seed);
        NDArray uniform = Rng.uniform(manager, new Shape(n, domains.size()), DataType.FLOAT64, -Math.PI, Math.PI,
                Rng.derive(seed, 1));
        double[] mask = domains.stream().mapToDouble(d -> d.isCircular() ? 1 : 0).toArray();
        NDArray circular = manager.create(mask).reshape(1, -1);
        return uniform.mul(circular).add(normal.mul(circular.neg().add(1)));
    }

    @Test
    void internalCoordinatesAreInvariantUnderRigidMotion() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[][] frames = alanineFrames();
            InternalCoordinateTransform layer = alanineLayer(manager, frames);
            double[] moved = RigidMotions.move(frames[3], new double[] {0.7, -1.9, 2.4}, new double[] {3, -1, 0.5});
            FlowResult a = layer.inverse(manager.create(frames[3]).reshape(1, -1));
            FlowResult b = layer.inverse(manager.create(moved).reshape(1, -1));
            LayerChecks.assertClose(a.value().toDoubleArray(), b.value().toDoubleArray(), 1e-10, "internal coordinates");
            assertEquals(a.logDet().getDouble(0), b.logDet().getDouble(0), 1e-10);
        }
    }

    @Test
    void logDetIsTheManifoldVolumePlusTheRigidBodyVolume() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology ethanol = CdkTopology.fromSmiles("CCO");
            double[][] frames = TestMolecules.randomFrames(ethanol.atomCount(), 10, 0.15, 21);
            InternalCoordinateTransform small = InternalCoordinateTransform.fit(ZMatrixBuilder.build(ethanol),
                    manager.create(TestMolecules.flatten(frames), new Shape(10, 27)), 5.0);
            NDArray z = latentSample(manager, small, 2, 5).mul(0.3);
            LayerChecks.assertLogVolumeMatchesJacobian(RigidMotions.minus(small, small::frameLogJacobian), z, 1e-5,
                    1e-6);
            RigidMotions.assertQuotientLogDet(small, z, 1e-5, 1e-6);
            InternalCoordinateTransform alanine = alanineLayer(manager, alanineFrames());
            RigidMotions.assertQuotientLogDet(alanine, latentSample(manager, alanine, 1, 6), 1e-5, 1e-6);
        }
    }

    @Test
    void withTheExternalPartTheLayerIsSquareWithTheSameLogDet() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology ethanol = CdkTopology.fromSmiles("CCO");
            double[][] frames = TestMolecules.randomFrames(ethanol.atomCount(), 10, 0.15, 31);
            NDArray data = manager.create(TestMolecules.flatten(frames), new Shape(10, 27));
            ZMatrix zmatrix = ZMatrixBuilder.build(ethanol);
            InternalCoordinateTransform square = InternalCoordinateTransform.fit(zmatrix, data, 5.0, true);
            InternalCoordinateTransform reduced = InternalCoordinateTransform.fit(zmatrix, data, 5.0);
            assertEquals(27, square.internalDim());
            assertEquals(List.of(Domain.circular(), Domain.bounded(-1, 1), Domain.circular()),
                    square.domains().subList(24, 27));
            NDArray z = square.inverse(data).value().get("0:2").mul(0.5);
            LayerChecks.assertRoundTrip(square, z, 1e-10);
            LayerChecks.assertForwardLogDetMatchesJacobian(square, z, 1e-5, 1e-6);
            LayerChecks.assertInverseLogDetMatchesJacobian(square, data.get("0:2"), 1e-6, 1e-6);
            LayerChecks.assertClose(reduced.forward(z.get(":, 0:21")).logDet().toDoubleArray(),
                    square.forward(z).logDet().toDoubleArray(), 1e-12, "log-det with and without the external part");
            InternalCoordinateTransform copy = ComponentRegistry.load().create(square.toJson(), manager,
                    InternalCoordinateTransform.class);
            assertEquals(27, copy.internalDim());
        }
    }

    @Test
    void bothDirectionsAreDifferentiable() {
        try (NDManager manager = NDManager.newBaseManager()) {
            InternalCoordinateTransform layer = alanineLayer(manager, alanineFrames());
            LayerChecks.assertForwardGradientMatchesFiniteDifference(layer, latentSample(manager, layer, 2, 9),
                    new int[] {0, 25, 50, 70, 100, 119}, 1e-6, 1e-6, 3);
            NDArray x = manager.create(TestMolecules.flatten(TestMolecules.alanineMdFrames())).reshape(-1, 66)
                    .get("0:2");
            LayerChecks.assertInverseGradientMatchesFiniteDifference(layer, x, new int[] {0, 17, 33, 64, 66, 100, 131},
                    1e-6, 1e-6, 4);
        }
    }

    @Test
    void domainsAndStatisticsFollowTheData() {
        try (NDManager manager = NDManager.newBaseManager()) {
            InternalCoordinateTransform layer = alanineLayer(manager, alanineFrames());
            List<Domain> domains = layer.domains();
            assertEquals(60, domains.size());
            assertTrue(domains.subList(0, 41).stream().allMatch(d -> d.kind() == Domain.Kind.UNBOUNDED));
            // wide torsions stay circular: phi (N-CA), psi (CA-C) and the three methyl rotors; every sibling
            // dihedral, the planar groups and both peptide bonds are narrow in the data and standardized
            List<ZMatrix.Entry> torsions = layer.zmatrix().entries().subList(3, 22);
            Set<Set<Integer>> circularAxes = new HashSet<>();
            for (int k = 0; k < 19; k++) {
                if (domains.get(41 + k).isCircular()) {
                    circularAxes.add(Set.of(torsions.get(k).bond(), torsions.get(k).angle()));
                }
            }
            assertEquals(Set.of(Set.of(6, 8), Set.of(8, 14), Set.of(1, 4), Set.of(8, 10), Set.of(16, 18)),
                    circularAxes);
            NDArray x = manager.create(TestMolecules.flatten(alanineFrames()), new Shape(240, 66));
            NDArray z = layer.inverse(x).value();
            double[] means = z.mean(new int[] {0}).toDoubleArray();
            double[] stds = z.square().mean(new int[] {0}).sqrt().toDoubleArray();
            double[] values = z.toDoubleArray();
            for (int k = 0; k < 60; k++) {
                if (domains.get(k).isCircular()) {
                    for (int f = 0; f < 240; f++) {
                        double v = values[f * 60 + k];
                        assertTrue(v >= -Math.PI && v < Math.PI, "dihedral " + k + " of frame " + f + " = " + v);
                    }
                } else {
                    assertEquals(0, means[k], 1e-10, "standardized mean " + k);
                    assertEquals(1, stds[k], 1e-10, "standardized deviation " + k);
                }
            }
        }
    }

    @Test
    void saveDescriptionAndParametersRebuildTheSameLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            InternalCoordinateTransform layer = alanineLayer(manager, alanineFrames());
            InternalCoordinateTransform copy = ComponentRegistry.load().create(layer.toJson(), manager,
                    InternalCoordinateTransform.class);
            LayerChecks.copyParameters(layer, copy);
            assertEquals(22, layer.toJson().get("atomCount").getAsInt());
            NDArray z = latentSample(manager, layer, 4, 1);
            LayerChecks.assertClose(layer.forward(z).value().toDoubleArray(), copy.forward(z).value().toDoubleArray(),
                    0, "forward of the rebuilt layer");
            assertTrue(copy.parameters().stream().noneMatch(p -> p.requiresGradient()), "statistics are fixed");
        }
    }

    @Test
    void degenerateGeometryAndNaNGiveClearErrors() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Topology propane = CdkTopology.fromSmiles("CCC");
            InternalCoordinateTransform layer = new InternalCoordinateTransform(ZMatrixBuilder.build(propane), manager,
                    5.0);
            double[] xyz = TestMolecules.randomPositions(propane.atomCount(), 0.2, 3);
            double[] collinear = xyz.clone();
            for (int a = 0; a < 3; a++) {
                collinear[3 + a] = 0.5 * (collinear[a] + collinear[6 + a]);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> layer.inverse(manager.create(collinear).reshape(1, -1)));
            assertTrue(e.getMessage().contains("collinear") && e.getMessage().contains("configuration 0"), e.getMessage());
            double[] nan = xyz.clone();
            nan[7] = Double.NaN;
            e = assertThrows(IllegalArgumentException.class, () -> layer.inverse(manager.create(nan).reshape(1, -1)));
            assertTrue(e.getMessage().contains("row 0, column 7"), e.getMessage());
            NDArray z = manager.zeros(new Shape(1, layer.internalDim()), DataType.FLOAT64);
            e = assertThrows(IllegalArgumentException.class, () -> layer.forward(z));
            assertTrue(e.getMessage().contains("bond length 0.0"), e.getMessage());
        }
    }

    @Test
    void aBatchWithRowsOutsideTheDomainNamesEveryOneOfThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            InternalCoordinateTransform layer = alanineLayer(manager, alanineFrames());
            NDArray z = latentSample(manager, layer, 3, 1).duplicate();
            z.set(new ai.djl.ndarray.index.NDIndex("0"), -1000.0);
            z.set(new ai.djl.ndarray.index.NDIndex("2"), -1000.0);
            org.boltzflow.flows.RowsOutsideDomainException e = assertThrows(
                    org.boltzflow.flows.RowsOutsideDomainException.class, () -> layer.forward(z));
            assertArrayEquals(new long[] {0, 2}, e.rows(), e.getMessage());
            assertTrue(e.getMessage().startsWith("configuration 0: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(and 1 more configurations)"), e.getMessage());
        }
    }
}
