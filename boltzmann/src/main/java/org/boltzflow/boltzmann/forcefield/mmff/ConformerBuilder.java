package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.SplittableRandom;
import javax.vecmath.Point2d;
import javax.vecmath.Point3d;
import org.boltzflow.boltzmann.energy.LbfgsMinimizer;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.boltzmann.topology.Smiles;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.InvalidInputException;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.layout.StructureDiagramGenerator;
import org.openscience.cdk.tools.CDKHydrogenAdder;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/**
 * SMILES to an MMFF94-minimized 3D structure. CDK lays the molecule out in 2D (hydrogens explicit); the layout is
 * lifted to 3D with the wedge/hash bonds CDK assigns for the stereocentres put above/below the plane and a small
 * seeded out-of-plane jitter elsewhere; L-BFGS on MMFF94 then relaxes it. (CDK's template-based ModelBuilder3D needs
 * MM2 types and rejects many charged and hypervalent molecules, so it is not used.) Deterministic for a given seed.
 */
public final class ConformerBuilder {
    private static final double BOND_ANGSTROM = 1.5;
    private static final double STEREO_LIFT_ANGSTROM = 0.8;
    private static final double JITTER_ANGSTROM = 0.3;

    private final long seed;
    private final LbfgsMinimizer minimizer;

    /** A minimized MMFF94 structure: the molecule (3D coordinates in Angstrom set), its force field and the run. */
    public record Conformer(IAtomContainer molecule, MmffForceField forceField, LbfgsMinimizer.Result minimization) {}

    /** A builder whose random jitter comes from {@code seed}, minimizing to forces below 0.05 kJ/mol/nm. */
    public ConformerBuilder(long seed) {
        this(seed, new LbfgsMinimizer(0.05, 5000));
    }

    /** A builder with its own minimizer settings. */
    public ConformerBuilder(long seed, LbfgsMinimizer minimizer) {
        this.seed = seed;
        this.minimizer = minimizer;
    }

    /** Parses a SMILES, adds explicit hydrogens, builds 3D coordinates and minimizes them with MMFF94. */
    public Conformer build(String smiles) {
        return build(parse(smiles));
    }

    /** Builds 3D coordinates for a molecule with explicit hydrogens (any coordinates replaced) and minimizes them. */
    public Conformer build(IAtomContainer mol) {
        layOut3d(mol);
        return minimize(mol);
    }

    /** Minimizes a molecule that already has 3D coordinates (and explicit hydrogens) with MMFF94, in place. */
    public Conformer minimize(IAtomContainer mol) {
        MmffForceField ff = MmffForceField.of(mol);
        LbfgsMinimizer.Result result = minimizer.minimize(ff, MoleculeSdf.coordinatesNm(mol));
        MoleculeSdf.setCoordinatesNm(mol, result.xyz());
        return new Conformer(mol, ff, result);
    }

    /** A CDK molecule with explicit hydrogens and Kekulé bond orders from a SMILES. */
    static IAtomContainer parse(String smiles) {
        try {
            IAtomContainer mol = Smiles.parse(smiles);
            AtomContainerManipulator.percieveAtomTypesAndConfigureAtoms(mol);
            CDKHydrogenAdder.getInstance(mol.getBuilder()).addImplicitHydrogens(mol);
            AtomContainerManipulator.convertImplicitToExplicitHydrogens(mol);
            if (mol.getTitle() == null) {
                mol.setTitle(smiles);
            }
            return mol;
        } catch (CDKException e) {
            throw new InvalidInputException("SMILES '" + smiles + "'", 0, "cannot type atoms: " + e.getMessage(), e);
        }
    }

    /** 2D layout lifted to 3D: stereo wedges above/below the plane, seeded jitter elsewhere. */
    private void layOut3d(IAtomContainer mol) {
        StructureDiagramGenerator layout = new StructureDiagramGenerator();
        try {
            layout.generateCoordinates(mol);
        } catch (CDKException e) {
            throw new IllegalArgumentException("CDK cannot lay out " + mol.getTitle() + ": " + e.getMessage(), e);
        }
        SplittableRandom rng = new SplittableRandom(Rng.derive(seed, 0));
        double scale = BOND_ANGSTROM / Math.max(1e-9, averageBondLength(mol));
        double[] z = new double[mol.getAtomCount()];
        for (int i = 0; i < z.length; i++) {
            z[i] = JITTER_ANGSTROM * (2 * rng.nextDouble() - 1);
        }
        for (IBond bond : mol.bonds()) {
            int end = bond.getEnd().getIndex();
            if (bond.getDisplay() == IBond.Display.WedgeBegin) {
                z[end] += STEREO_LIFT_ANGSTROM;
            } else if (bond.getDisplay() == IBond.Display.WedgedHashBegin) {
                z[end] -= STEREO_LIFT_ANGSTROM;
            }
        }
        for (int i = 0; i < z.length; i++) {
            IAtom atom = mol.getAtom(i);
            Point2d p = atom.getPoint2d();
            atom.setPoint3d(new Point3d(scale * p.x, scale * p.y, z[i]));
        }
    }

    private static double averageBondLength(IAtomContainer mol) {
        double sum = 0;
        for (IBond bond : mol.bonds()) {
            sum += bond.getBegin().getPoint2d().distance(bond.getEnd().getPoint2d());
        }
        return mol.getBondCount() == 0 ? 1.0 : sum / mol.getBondCount();
    }
}
