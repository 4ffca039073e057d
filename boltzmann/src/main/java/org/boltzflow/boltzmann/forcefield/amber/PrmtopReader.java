package org.boltzflow.boltzmann.forcefield.amber;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.boltzflow.flows.io.TextFiles;

/**
 * Reads an AMBER prmtop (parm7) file: every {@code %FLAG} section is cut by its own {@code %FORMAT}; counts are
 * checked against {@code POINTERS}. Periodic boxes ({@code IFBOX != 0}), perturbation/cap data and terms this
 * project does not evaluate (CMAP, CHAMBER, AMOEBA, 12-6-4) are refused rather than silently ignored. Errors name the file, the flag
 * and the line.
 */
public final class PrmtopReader {
    private static final int NATOM = 0;
    private static final int NTYPES = 1;
    private static final int NBONH = 2;
    private static final int NTHETH = 4;
    private static final int NPHIH = 6;
    private static final int NNB = 10;
    private static final int NRES = 11;
    private static final int NBONA = 12;
    private static final int NTHETA = 13;
    private static final int NPHIA = 14;
    private static final int NUMBND = 15;
    private static final int NUMANG = 16;
    private static final int NPTRA = 17;
    private static final int IFPERT = 20;
    private static final int IFBOX = 27;
    private static final int IFCAP = 29;
    private static final String[] UNSUPPORTED_FLAGS = {"CMAP_COUNT", "CHARMM_CMAP_COUNT", "CHARMM_UREY_BRADLEY",
        "AMOEBA_FORCEFIELD", "LENNARD_JONES_CCOEF", "POLARIZABILITY"};
    private static final int MIN_POINTERS = 30;

    private PrmtopReader() {}

    /** Reads a prmtop file. */
    public static Prmtop read(Path file) throws IOException {
        return read(file.toString(), TextFiles.readLatin1Lines(file));
    }

    /** Reads prmtop text given as lines; {@code name} names the source in messages. */
    public static Prmtop read(String name, List<String> lines) {
        PrmtopSections s = PrmtopSections.parse(name, lines);
        int[] p = s.ints("POINTERS");
        if (p.length < MIN_POINTERS) {
            throw new PrmtopFormatException(name + ": %FLAG POINTERS holds " + p.length + " values but at least "
                    + MIN_POINTERS + " were expected");
        }
        if (p[IFBOX] != 0) {
            throw new PrmtopFormatException(name + ": %FLAG POINTERS has IFBOX = " + p[IFBOX]
                    + ": periodic boxes are not supported (only non-periodic systems, vacuum or implicit solvent)");
        }
        refuseUnsupported(s, p);
        int n = p[NATOM];
        int types = p[NTYPES];
        double[] masses = s.reals("MASS", n);
        String[] atomNames = s.texts("ATOM_NAME", n);
        int[] typeIndex = minusOne(s.ints("ATOM_TYPE_INDEX", n));
        checkRange(name, "ATOM_TYPE_INDEX", typeIndex, types);
        int[] residueStart = minusOne(s.ints("RESIDUE_POINTER", p[NRES]));
        checkRange(name, "RESIDUE_POINTER", residueStart, n);
        double[] dihedralK = s.reals("DIHEDRAL_FORCE_CONSTANT", p[NPTRA]);
        return new Prmtop(name, atomNames, elements(s, name, n, masses, atomNames), s.reals("CHARGE", n), masses,
                typeIndex, types, s.ints("NONBONDED_PARM_INDEX", types * types),
                s.reals("LENNARD_JONES_ACOEF", types * (types + 1) / 2),
                s.reals("LENNARD_JONES_BCOEF", types * (types + 1) / 2),
                s.texts("RESIDUE_LABEL", p[NRES]), residueStart,
                bonds(s, p, n), s.reals("BOND_FORCE_CONSTANT", p[NUMBND]), s.reals("BOND_EQUIL_VALUE", p[NUMBND]),
                angles(s, p, n), s.reals("ANGLE_FORCE_CONSTANT", p[NUMANG]), s.reals("ANGLE_EQUIL_VALUE", p[NUMANG]),
                dihedrals(s, p, n), dihedralK, s.reals("DIHEDRAL_PERIODICITY", p[NPTRA]),
                s.reals("DIHEDRAL_PHASE", p[NPTRA]),
                s.optionalReals("SCEE_SCALE_FACTOR", p[NPTRA]), s.optionalReals("SCNB_SCALE_FACTOR", p[NPTRA]),
                excluded(s, n, p[NNB]), s.optionalReals("RADII", n), s.optionalReals("SCREEN", n));
    }

    private static void refuseUnsupported(PrmtopSections s, int[] p) {
        if (p[IFPERT] != 0 || p[IFCAP] != 0) {
            throw new PrmtopFormatException(s.file() + ": %FLAG POINTERS has " + (p[IFPERT] != 0 ? "IFPERT" : "IFCAP")
                    + " set: perturbation and cap information are not supported");
        }
        for (String flag : UNSUPPORTED_FLAGS) {
            if (s.has(flag)) {
                throw new PrmtopFormatException(s.file() + ": %FLAG " + flag
                        + " is not supported (plain AMBER force fields only: no CMAP, CHAMBER, AMOEBA or 12-6-4 terms)");
            }
        }
    }

    private static String[] elements(PrmtopSections s, String name, int n, double[] masses, String[] atomNames) {
        int[] atomicNumbers = s.has("ATOMIC_NUMBER") ? s.ints("ATOMIC_NUMBER", n) : null;
        String[] elements = new String[n];
        for (int a = 0; a < n; a++) {
            elements[a] = atomicNumbers != null && atomicNumbers[a] > 0 ? Elements.byAtomicNumber(atomicNumbers[a])
                    : Elements.byMass(masses[a]);
            if (elements[a] == null) {
                throw new PrmtopFormatException(name + ": atom " + (a + 1) + " (" + atomNames[a] + ", mass " + masses[a]
                        + (atomicNumbers != null ? ", atomic number " + atomicNumbers[a] : "") + ") has no known element");
            }
        }
        return elements;
    }

    private static List<Prmtop.Bond> bonds(PrmtopSections s, int[] p, int n) {
        List<Prmtop.Bond> bonds = new ArrayList<>();
        for (String flag : new String[] {"BONDS_INC_HYDROGEN", "BONDS_WITHOUT_HYDROGEN"}) {
            int[] v = s.ints(flag, 3 * p[flag.contains("INC") ? NBONH : NBONA]);
            for (int t = 0; t < v.length; t += 3) {
                bonds.add(new Prmtop.Bond(atom(s, flag, v[t], n), atom(s, flag, v[t + 1], n),
                        parameter(s, flag, v[t + 2], p[NUMBND])));
            }
        }
        return bonds;
    }

    private static List<Prmtop.Angle> angles(PrmtopSections s, int[] p, int n) {
        List<Prmtop.Angle> angles = new ArrayList<>();
        for (String flag : new String[] {"ANGLES_INC_HYDROGEN", "ANGLES_WITHOUT_HYDROGEN"}) {
            int[] v = s.ints(flag, 4 * p[flag.contains("INC") ? NTHETH : NTHETA]);
            for (int t = 0; t < v.length; t += 4) {
                angles.add(new Prmtop.Angle(atom(s, flag, v[t], n), atom(s, flag, v[t + 1], n),
                        atom(s, flag, v[t + 2], n), parameter(s, flag, v[t + 3], p[NUMANG])));
            }
        }
        return angles;
    }

    private static List<Prmtop.Dihedral> dihedrals(PrmtopSections s, int[] p, int n) {
        List<Prmtop.Dihedral> dihedrals = new ArrayList<>();
        for (String flag : new String[] {"DIHEDRALS_INC_HYDROGEN", "DIHEDRALS_WITHOUT_HYDROGEN"}) {
            int[] v = s.ints(flag, 5 * p[flag.contains("INC") ? NPHIH : NPHIA]);
            for (int t = 0; t < v.length; t += 5) {
                dihedrals.add(new Prmtop.Dihedral(atom(s, flag, v[t], n), atom(s, flag, v[t + 1], n),
                        atom(s, flag, Math.abs(v[t + 2]), n), atom(s, flag, Math.abs(v[t + 3]), n),
                        parameter(s, flag, v[t + 4], p[NPTRA]), v[t + 3] < 0, v[t + 2] >= 0));
            }
        }
        return dihedrals;
    }

    private static int[][] excluded(PrmtopSections s, int n, int total) {
        int[] counts = s.ints("NUMBER_EXCLUDED_ATOMS", n);
        int[] list = s.ints("EXCLUDED_ATOMS_LIST", total);
        int[][] excluded = new int[n][];
        int offset = 0;
        for (int a = 0; a < n; a++) {
            if (counts[a] < 0 || offset + counts[a] > total) {
                throw new PrmtopFormatException(s.file() + ": %FLAG NUMBER_EXCLUDED_ATOMS: atom " + (a + 1)
                        + " claims " + counts[a] + " exclusions, beyond the " + total + " of EXCLUDED_ATOMS_LIST");
            }
            // zero entries are placeholders for atoms without exclusions
            excluded[a] = Arrays.stream(list, offset, offset + counts[a]).filter(j -> j > 0).map(j -> j - 1).toArray();
            checkRange(s.file(), "EXCLUDED_ATOMS_LIST", excluded[a], n);
            offset += counts[a];
        }
        return excluded;
    }

    /** Converts a prmtop coordinate-array pointer (3 × zero-based atom index) to the atom index. */
    private static int atom(PrmtopSections s, String flag, int pointer, int n) {
        if (pointer < 0 || pointer % 3 != 0 || pointer / 3 >= n) {
            throw new PrmtopFormatException(s.file() + ": %FLAG " + flag + " has atom pointer " + pointer
                    + ", which is not 3 × an atom index below " + n);
        }
        return pointer / 3;
    }

    private static int parameter(PrmtopSections s, String flag, int oneBased, int count) {
        if (oneBased < 1 || oneBased > count) {
            throw new PrmtopFormatException(s.file() + ": %FLAG " + flag + " refers to parameter " + oneBased
                    + " but only " + count + " exist");
        }
        return oneBased - 1;
    }

    private static int[] minusOne(int[] oneBased) {
        return Arrays.stream(oneBased).map(v -> v - 1).toArray();
    }

    private static void checkRange(String file, String flag, int[] zeroBased, int limit) {
        for (int v : zeroBased) {
            if (v < 0 || v >= limit) {
                throw new PrmtopFormatException(file + ": %FLAG " + flag + " has value " + (v + 1)
                        + " outside 1.." + limit);
            }
        }
    }
}
