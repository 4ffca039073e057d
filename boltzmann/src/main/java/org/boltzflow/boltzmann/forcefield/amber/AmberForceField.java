package org.boltzflow.boltzmann.forcefield.amber;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.EnergyTerm;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * The AMBER energy of a prmtop's system without periodic box, matching OpenMM's
 * {@code AmberPrmtopFile.createSystem(nonbondedMethod=NoCutoff, constraints=None, implicitSolvent=...)}: terms
 * {@code bond}, {@code angle}, {@code torsion}, {@code nonbonded} (LJ + Coulomb, exclusions, scaled 1-4) and, with
 * OBC1/OBC2, {@code gb} (GB-OBC + ACE). Immutable and thread-safe: every call uses its own thread's scratch; the
 * bond, angle and torsion terms share one measurement of their atom triples and one force pass
 * ({@link ValenceGeometry}), and so do the pair terms with the pair distances ({@link PairGeometry}).
 */
public final class AmberForceField implements EnergyModel {
    private final Prmtop prmtop;
    private final Solvent solvent;
    private final GeometryTerms<ValenceGeometry> valence; // bonds, angles and torsions
    private final GeometryTerms<PairGeometry> pairs;
    private final List<EnergyTerm> terms; // bonds, angles, torsions, then pair terms

    private AmberForceField(Prmtop prmtop, Solvent solvent) {
        this.prmtop = prmtop;
        this.solvent = solvent;
        PeriodicTorsions torsions = PeriodicTorsions.of(prmtop);
        ValenceTriples triples = torsions.triples();
        List<GeometryTerm<ValenceGeometry>> valenceTerms = List.of(new HarmonicBonds(prmtop, triples),
                new HarmonicAngles(prmtop, triples), torsions);
        valence = new GeometryTerms<>(valenceTerms, () -> new ValenceGeometry(triples));
        List<PairTerm> pairTerms = solvent == Solvent.VACUUM ? List.of(Nonbonded.overInteractingPairs(prmtop))
                : List.of(Nonbonded.overAllPairs(prmtop), new GbsaObc(prmtop, solvent));
        PairList pairList = pairTerms.get(pairTerms.size() - 1).pairs(); // the GB term's (all pairs) if any
        pairs = new GeometryTerms<>(pairTerms, () -> new PairGeometry(pairList));
        List<EnergyTerm> list = new ArrayList<>(valenceTerms);
        list.addAll(pairTerms);
        terms = List.copyOf(list);
    }

    /** The force field of a parsed prmtop in the given solvent. */
    public static AmberForceField create(Prmtop prmtop, Solvent solvent) {
        return new AmberForceField(prmtop, solvent);
    }

    /** Reads a prmtop file and builds its force field. */
    public static AmberForceField load(Path prmtopFile, Solvent solvent) throws IOException {
        return create(PrmtopReader.read(prmtopFile), solvent);
    }

    /** The prmtop this force field was built from. */
    public Prmtop prmtop() {
        return prmtop;
    }

    /** The solvent model. */
    public Solvent solvent() {
        return solvent;
    }

    /** The system's topology. */
    public Topology topology() {
        return prmtop.topology();
    }

    @Override
    public int atomCount() {
        return prmtop.atomCount();
    }

    @Override
    public double energyAndForces(double[] xyz, double[] forces) {
        checkLength(xyz, forces);
        java.util.Arrays.fill(forces, 0.0);
        double energy = valence.addEnergyAndForces(xyz, forces);
        return energy + pairs.addEnergyAndForces(xyz, forces);
    }

    @Override
    public List<EnergyTerm> terms() {
        return terms;
    }

    private void checkLength(double[] xyz, double[] forces) {
        if (xyz.length != 3 * atomCount() || forces.length != xyz.length) {
            throw new IllegalArgumentException("expected " + 3 * atomCount() + " coordinates and forces for "
                    + atomCount() + " atoms of " + prmtop.source() + ", got " + xyz.length + " and " + forces.length);
        }
    }
}
