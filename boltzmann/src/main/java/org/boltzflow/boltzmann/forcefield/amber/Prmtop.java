package org.boltzflow.boltzmann.forcefield.amber;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * The contents of an AMBER prmtop file that a non-periodic energy needs, in the file's own units (Å, kcal/mol,
 * degrees-free radians for angles and phases, charges times 18.2223) with zero-based atom and parameter indices.
 * {@link PrmtopReader} builds one; {@link AmberForceField} converts to OpenMM units.
 *
 * @param source          the file it was read from (for messages)
 * @param atomNames       atom names
 * @param elements        element symbols (from {@code ATOMIC_NUMBER}, else from the mass)
 * @param charges         partial charges in AMBER units (elementary charge × 18.2223)
 * @param masses          masses in amu
 * @param atomTypeIndex   zero-based LJ type of each atom
 * @param typeCount       number of LJ types
 * @param ljPairIndex     {@code NONBONDED_PARM_INDEX}, one-based into the A/B tables (≤ 0: 10-12 pair)
 * @param ljA             LJ A coefficients (kcal/mol·Å¹²)
 * @param ljB             LJ B coefficients (kcal/mol·Å⁶)
 * @param residueLabels   residue names
 * @param residueStart    zero-based first atom of each residue
 * @param bonds           all bonds (with and without hydrogen)
 * @param bondK           bond force constants k in E = k (r - r0)² (kcal/mol/Å²)
 * @param bondR0          bond lengths (Å)
 * @param angles          all angles
 * @param angleK          angle force constants k in E = k (θ - θ0)² (kcal/mol/rad²)
 * @param angleTheta0     equilibrium angles (rad)
 * @param dihedrals       all proper and improper dihedral terms
 * @param dihedralK       torsion barriers k in E = k (1 + cos(nφ - phase)) (kcal/mol)
 * @param periodicity     torsion periodicities n
 * @param phase           torsion phases (rad)
 * @param sceeScale       per-dihedral-type 1-4 electrostatic divisor, or null (then 1.2)
 * @param scnbScale       per-dihedral-type 1-4 LJ divisor, or null (then 2.0)
 * @param excluded        for each atom, the zero-based atoms excluded from its nonbonded pairs
 * @param radii           GB radii (Å), or null when the file has none
 * @param screen          GB screening factors, or null when the file has none
 */
public record Prmtop(String source, String[] atomNames, String[] elements, double[] charges, double[] masses,
        int[] atomTypeIndex, int typeCount, int[] ljPairIndex, double[] ljA, double[] ljB,
        String[] residueLabels, int[] residueStart,
        List<Bond> bonds, double[] bondK, double[] bondR0,
        List<Angle> angles, double[] angleK, double[] angleTheta0,
        List<Dihedral> dihedrals, double[] dihedralK, double[] periodicity, double[] phase,
        double[] sceeScale, double[] scnbScale, int[][] excluded, double[] radii, double[] screen) {

    /** AMBER stores charges multiplied by this factor (OpenMM divides by it). */
    public static final double CHARGE_FACTOR = 18.2223;

    /** A bond between atoms {@code i} and {@code j} with parameter {@code type}. */
    public record Bond(int i, int j, int type) {}

    /** An angle i-j-k (j the vertex) with parameter {@code type}. */
    public record Angle(int i, int j, int k, int type) {}

    /**
     * A torsion i-j-k-l with parameter {@code type}; {@code improper} for improper torsions, {@code pair14} when this
     * term also carries the 1-4 nonbonded pair i-l (AMBER marks the others with a negative third index).
     */
    public record Dihedral(int i, int j, int k, int l, int type, boolean improper, boolean pair14) {}

    /** The number of atoms. */
    public int atomCount() {
        return atomNames.length;
    }

    /** The residue of each atom (zero-based). */
    public int[] residueOfAtom() {
        int[] residue = new int[atomCount()];
        for (int r = 0; r < residueStart.length; r++) {
            int end = r + 1 < residueStart.length ? residueStart[r + 1] : atomCount();
            for (int a = residueStart[r]; a < end; a++) {
                residue[a] = r;
            }
        }
        return residue;
    }

    /** The shared topology: atoms with names, elements, masses and residues, and every bond once. */
    public Topology topology() {
        int[] residue = residueOfAtom();
        List<Atom> atoms = new ArrayList<>();
        for (int a = 0; a < atomCount(); a++) {
            atoms.add(new Atom(atomNames[a], elements[a], masses[a], residueLabels[residue[a]], residue[a]));
        }
        List<int[]> pairs = new ArrayList<>();
        for (Bond b : bonds) {
            pairs.add(new int[] {b.i(), b.j()});
        }
        return new Topology(atoms, pairs);
    }
}
