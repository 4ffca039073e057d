package org.boltzflow.boltzmann.forcefield.amber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.energy.EnergyTerm;
import org.boltzflow.boltzmann.energy.Units;
import org.junit.jupiter.api.Test;

/** The atom triples that angles and torsion arms share, and their geometry in degenerate configurations. */
class ValenceGeometryTest {
    @Test
    void anglesAndArmsShareTriplesInBothReadings() throws IOException {
        Prmtop p = PrmtopReader.read(PrmtopReaderTest.ALA2);
        ValenceTriples t = PeriodicTorsions.of(p).triples();
        // 36 angles and 38 arms: 4 arms of improper torsions and 1 second left arm reading an angle backwards,
        // 27 arms that are angles, 9 angles that are no arm
        assertEquals(41, t.count);
        assertEquals(5, t.angleStart);
        assertEquals(32, t.armEnd);
        List<Integer> angles = new ArrayList<>();
        for (int a = t.angleStart; a < t.count; a++) {
            Prmtop.Angle angle = p.angles().get(t.angle[a]);
            assertEquals(3 * angle.j(), t.middle[a]);
            assertTrue(List.of(3 * angle.i(), 3 * angle.k()).containsAll(List.of(t.first[a], t.last[a])));
            angles.add(t.angle[a]);
        }
        assertEquals(36, angles.stream().distinct().count(), "every angle on one triple");
        int backwards = 0;
        for (Prmtop.Dihedral d : p.dihedrals()) {
            List<Integer> q = d.j() < d.k() ? List.of(d.i(), d.j(), d.k(), d.l()) : List.of(d.l(), d.k(), d.j(), d.i());
            assertTrue(t.arm(q.get(0), q.get(1), q.get(2)) < t.count, "left arms read their triple forwards");
            int right = t.arm(q.get(3), q.get(2), q.get(1));
            assertTrue(right < t.armEnd || right >= t.count && right < t.count + t.armEnd);
            backwards += right >= t.count ? 1 : 0;
        }
        assertTrue(backwards > 0, "some right arms read their triple backwards: " + backwards);
        List<Integer> bonds = new ArrayList<>();
        for (int a = 0; a < t.count; a++) {
            for (int b : new int[] {t.bondA[a], t.bondC[a]}) {
                if (b != ValenceTriples.NONE) {
                    bonds.add(b);
                }
            }
        }
        assertEquals(p.bonds().size(), bonds.size());
        assertEquals(p.bonds().size(), bonds.stream().distinct().count(), "every bond on one arm");
    }

    /** A bond that is the arm of no angle or torsion (here atoms 0 and 21, at the molecule's two ends). */
    @Test
    void aBondOnNoArmGetsATripleOfItsOwn() throws IOException {
        AmberReference ref = AmberReference.load("alanine-dipeptide", Solvent.VACUUM);
        Prmtop p = PrmtopReader.read(ref.prmtop());
        List<Prmtop.Bond> bonds = new ArrayList<>(p.bonds());
        bonds.add(new Prmtop.Bond(0, 21, 0));
        Prmtop q = new Prmtop(p.source(), p.atomNames(), p.elements(), p.charges(), p.masses(), p.atomTypeIndex(),
                p.typeCount(), p.ljPairIndex(), p.ljA(), p.ljB(), p.residueLabels(), p.residueStart(), bonds,
                p.bondK(), p.bondR0(), p.angles(), p.angleK(), p.angleTheta0(), p.dihedrals(), p.dihedralK(),
                p.periodicity(), p.phase(), p.sceeScale(), p.scnbScale(), p.excluded(), p.radii(), p.screen());
        ValenceTriples t = PeriodicTorsions.of(q).triples();
        assertEquals(42, t.count);
        assertEquals(41, t.angleEnd);
        assertEquals(List.of(0, 63, 0), List.of(t.first[41], t.middle[41], t.last[41]));
        double[] xyz = ref.frame(0);
        double[] expected = new double[xyz.length];
        double energy = new HarmonicBonds(p, PeriodicTorsions.of(p).triples()).addEnergyAndForces(xyz, expected);
        double k = p.bondK()[0] * Units.KJ_PER_KCAL / (Units.NM_PER_ANGSTROM * Units.NM_PER_ANGSTROM);
        double r = distance(xyz, 0, 21);
        double stretch = r - p.bondR0()[0] * Units.NM_PER_ANGSTROM;
        energy += k * stretch * stretch;
        for (int d = 0; d < 3; d++) {
            double f = -2 * k * stretch * (xyz[d] - xyz[3 * 21 + d]) / r; // on atom 0
            expected[d] += f;
            expected[3 * 21 + d] -= f;
        }
        double[] forces = new double[xyz.length];
        assertEquals(energy, new HarmonicBonds(q, t).addEnergyAndForces(xyz, forces), 1e-9 * energy);
        assertArrayEquals(expected, forces, 1e-9);
    }

    @Test
    void termsAloneAddTheForcesOfTheSharedPass() throws IOException {
        AmberReference ref = AmberReference.load("alanine-dipeptide", Solvent.VACUUM);
        AmberForceField ff = AmberForceField.load(ref.prmtop(), Solvent.VACUUM);
        Prmtop p = ff.prmtop();
        PeriodicTorsions torsions = PeriodicTorsions.of(p);
        ValenceTriples triples = torsions.triples();
        List<EnergyTerm> terms = List.of(new HarmonicBonds(p, triples), new HarmonicAngles(p, triples), torsions,
                Nonbonded.overInteractingPairs(p));
        for (int f : new int[] {0, ref.frames() - 1}) {
            double[] xyz = ref.frame(f);
            double[] shared = new double[xyz.length];
            double energy = ff.energyAndForces(xyz, shared);
            double[] alone = new double[xyz.length];
            double sum = 0;
            for (int repeat = 0; repeat < 2; repeat++) { // the second time on the terms' used working arrays
                java.util.Arrays.fill(alone, 0.0);
                sum = 0;
                for (EnergyTerm term : terms) {
                    sum += term.addEnergyAndForces(xyz, alone);
                }
            }
            assertEquals(energy, sum, 1e-9 * Math.abs(energy));
            assertArrayEquals(shared, alone, 1e-9);
        }
    }

    /**
     * Atoms 4, 6 and 8 on one line (an angle, the left arm of the torsions around 6-8 and, read backwards, the right
     * arm of those around 4-6): the angle has θ = π, those torsions an undefined φ (taken as 0, no force). Moving any
     * atom but these three, or these along their line, keeps that so: there the forces are minus the energy's
     * gradient, with no NaN from the zero normal.
     */
    @Test
    void collinearTriplesGiveFiniteForcesThatMatchTheGradient() throws IOException {
        AmberReference ref = AmberReference.load("alanine-dipeptide", Solvent.OBC2);
        AmberForceField ff = AmberForceField.load(ref.prmtop(), Solvent.OBC2);
        double[] xyz = ref.frame(0);
        double near = distance(xyz, 4, 6);
        double far = distance(xyz, 6, 8);
        xyz[3 * 4] = xyz[3 * 6] - near; // same y and z as atom 6: the arms' cross product is exactly zero
        xyz[3 * 4 + 1] = xyz[3 * 6 + 1];
        xyz[3 * 4 + 2] = xyz[3 * 6 + 2];
        xyz[3 * 8] = xyz[3 * 6] + far;
        xyz[3 * 8 + 1] = xyz[3 * 6 + 1];
        xyz[3 * 8 + 2] = xyz[3 * 6 + 2];
        double[] forces = new double[xyz.length];
        double energy = ff.energyAndForces(xyz, forces);
        assertTrue(Double.isFinite(energy));
        double[] terms = ff.termEnergies(xyz);
        assertEquals(energy, java.util.Arrays.stream(terms).sum(), 1e-9 * Math.abs(energy));
        for (int k = 0; k < xyz.length; k++) {
            assertTrue(Double.isFinite(forces[k]), "coordinate " + k);
            boolean offTheLine = (k / 3 == 4 || k / 3 == 6 || k / 3 == 8) && k % 3 != 0;
            if (offTheLine) {
                continue;
            }
            double numeric = AmberForceFieldTest.finiteDifferenceForce(ff, xyz, k, 1e-5);
            assertEquals(numeric, forces[k], 1e-4 * Math.max(1, Math.abs(numeric)), "coordinate " + k);
        }
        double[] bent = xyz.clone();
        bent[3 * 8 + 1] += 1e-10;
        assertEquals(terms[1], ff.termEnergies(bent)[1], 1e-5, "the angle energy is continuous at θ = π");
    }

    private static double distance(double[] xyz, int i, int j) {
        double dx = xyz[3 * i] - xyz[3 * j];
        double dy = xyz[3 * i + 1] - xyz[3 * j + 1];
        double dz = xyz[3 * i + 2] - xyz[3 * j + 2];
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
