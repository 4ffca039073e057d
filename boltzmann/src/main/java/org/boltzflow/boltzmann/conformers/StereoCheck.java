package org.boltzflow.boltzmann.conformers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.boltzflow.boltzmann.coordinates.Vectors;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;
import org.openscience.cdk.interfaces.IDoubleBondStereochemistry;
import org.openscience.cdk.interfaces.IStereoElement;
import org.openscience.cdk.interfaces.ITetrahedralChirality;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.stereo.StereoElementFactory;

/**
 * The stereochemistry of a reference 3D structure, checked on other configurations of the same molecule:
 * tetrahedral centres by the sign of the signed volume of their four ligands (a ligand may be the centre itself,
 * standing for a lone pair or implicit hydrogen), double bonds by the sign of the cosine of the dihedral through
 * their two reference ligands (cis positive, trans negative). CDK perceives the elements from the 3D coordinates.
 */
public final class StereoCheck {
    private final int[][] centres;
    private final double[] centreSigns;
    private final int[][] doubleBonds;
    private final double[] doubleBondSigns;
    private final boolean otherElements;

    private StereoCheck(List<int[]> centres, List<int[]> doubleBonds, boolean otherElements, double[] xyz) {
        this.otherElements = otherElements;
        this.centres = centres.toArray(int[][]::new);
        this.doubleBonds = doubleBonds.toArray(int[][]::new);
        this.centreSigns = new double[this.centres.length];
        this.doubleBondSigns = new double[this.doubleBonds.length];
        for (int i = 0; i < this.centres.length; i++) {
            centreSigns[i] = Math.signum(signedVolume(xyz, this.centres[i]));
        }
        for (int i = 0; i < this.doubleBonds.length; i++) {
            doubleBondSigns[i] = Math.signum(dihedralCosine(xyz, this.doubleBonds[i]));
        }
    }

    /** The tetrahedral and double-bond stereo elements of {@code molecule} as its 3D coordinates show them. */
    public static StereoCheck of(IAtomContainer molecule) {
        List<int[]> centres = new ArrayList<>();
        List<int[]> doubleBonds = new ArrayList<>();
        for (IStereoElement<?, ?> element : StereoElementFactory.using3DCoordinates(molecule).createAll()) {
            if (element instanceof ITetrahedralChirality t) {
                IAtom[] ligands = t.getLigands();
                int[] idx = new int[4];
                for (int k = 0; k < 4; k++) {
                    idx[k] = molecule.indexOf(ligands[k]);
                }
                centres.add(idx);
            } else if (element instanceof IDoubleBondStereochemistry d) {
                IBond bond = d.getStereoBond();
                IBond[] ligandBonds = d.getBonds();
                IAtom a = ligandBonds[0].contains(bond.getBegin()) ? bond.getBegin() : bond.getEnd();
                IAtom b = bond.getOther(a);
                doubleBonds.add(new int[] {molecule.indexOf(ligandBonds[0].getOther(a)), molecule.indexOf(a),
                    molecule.indexOf(b), molecule.indexOf(ligandBonds[1].getOther(b))});
            }
        }
        boolean other = false;
        for (IStereoElement<?, ?> element : molecule.stereoElements()) {
            other |= !(element instanceof ITetrahedralChirality || element instanceof IDoubleBondStereochemistry);
        }
        return new StereoCheck(centres, doubleBonds, other, MoleculeSdf.coordinatesNm(molecule));
    }

    /**
     * Whether the 3D coordinates of {@code molecule} realize every stereo element its input (e.g. the SMILES)
     * specified: the canonical isomeric SMILES with the specified elements equals the one with the elements
     * perceived from 3D at the same centres and bonds.
     */
    public static boolean realizesSpecifiedStereo(IAtomContainer molecule) {
        List<IStereoElement> specified = new ArrayList<>();
        molecule.stereoElements().forEach(specified::add);
        if (specified.isEmpty()) {
            return true;
        }
        Set<Object> foci = new HashSet<>();
        specified.forEach(e -> foci.add(e.getFocus()));
        List<IStereoElement> perceived = new ArrayList<>();
        for (IStereoElement<?, ?> e : StereoElementFactory.using3DCoordinates(molecule).createAll()) {
            if (foci.contains(e.getFocus())) {
                perceived.add(e);
            }
        }
        try {
            SmilesGenerator generator = new SmilesGenerator(SmiFlavor.Absolute);
            String wanted = generator.create(molecule);
            molecule.setStereoElements(perceived);
            String built = generator.create(molecule);
            return wanted.equals(built);
        } catch (CDKException e) {
            throw new IllegalStateException("CDK cannot write a SMILES of " + molecule.getTitle(), e);
        } finally {
            molecule.setStereoElements(specified);
        }
    }

    /** Whether {@code xyz} (nm) has the reference's configuration at every centre and double bond. */
    public boolean keeps(double[] xyz) {
        for (int i = 0; i < centres.length; i++) {
            if (Math.signum(signedVolume(xyz, centres[i])) != centreSigns[i]) {
                return false;
            }
        }
        for (int i = 0; i < doubleBonds.length; i++) {
            if (Math.signum(dihedralCosine(xyz, doubleBonds[i])) != doubleBondSigns[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a reflection keeps the molecule's stereochemistry, so that its Boltzmann distribution is symmetric
     * under reflection: no tetrahedral centre and no stereo element other than double bonds (whose cis or trans
     * a reflection keeps).
     */
    public boolean reflectionSymmetric() {
        return centres.length == 0 && !otherElements;
    }

    /**
     * Gives every sample that does not {@link #keeps keep} the stereochemistry weight zero ({@code logWeights[i]}
     * set to -∞) and returns how many there were.
     */
    public int zeroChanged(double[][] samples, double[] logWeights) {
        int changed = 0;
        for (int i = 0; i < samples.length; i++) {
            if (!keeps(samples[i])) {
                logWeights[i] = Double.NEGATIVE_INFINITY;
                changed++;
            }
        }
        return changed;
    }

    /** The number of tetrahedral centres checked. */
    public int centreCount() {
        return centres.length;
    }

    /** The number of double bonds checked. */
    public int doubleBondCount() {
        return doubleBonds.length;
    }

    /** {@code (b - a) . ((c - a) x (d - a))} of four atoms. */
    private static double signedVolume(double[] x, int[] atoms) {
        double[] u = Vectors.difference(x, 0, atoms[1], atoms[0]);
        double[] v = Vectors.difference(x, 0, atoms[2], atoms[0]);
        double[] w = Vectors.difference(x, 0, atoms[3], atoms[0]);
        return Vectors.dot(u, Vectors.cross(v, w));
    }

    /** The cosine of the dihedral a-b-c-d: positive for cis, negative for trans. */
    private static double dihedralCosine(double[] x, int[] atoms) {
        return Math.cos(Vectors.dihedral(x, 0, atoms[0], atoms[1], atoms[2], atoms[3]));
    }
}
