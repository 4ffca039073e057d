package org.boltzflow.boltzmann.cv;

import java.util.Arrays;
import org.boltzflow.boltzmann.coordinates.Superposition;

/**
 * The root-mean-square deviation in nm of a set of atoms from a reference structure after optimal rigid superposition
 * (Kabsch, proper rotations only).
 */
public final class Rmsd implements CollectiveVariable {
    private final String name;
    private final int[] atoms;
    private final double[] reference;

    /**
     * The RMSD of {@code atoms} (zero-based, distinct, at least 3) from their positions in {@code reference} (a whole
     * configuration, 3 values per atom, nm).
     */
    public Rmsd(String name, int[] atoms, double[] reference) {
        AtomSelection.requireDistinct(name, atoms);
        if (atoms.length < 3) {
            throw new IllegalArgumentException("collective variable " + name + ": an RMSD needs at least 3 atoms, got "
                    + atoms.length);
        }
        if (Arrays.stream(atoms).max().getAsInt() >= reference.length / 3) {
            throw new IllegalArgumentException("collective variable " + name + ": the reference has only "
                    + reference.length / 3 + " atoms");
        }
        this.name = name;
        this.atoms = atoms.clone();
        this.reference = Superposition.centered(Superposition.select(reference, atoms));
    }

    @Override
    public String name() {
        return name;
    }

    /** The atoms compared (a copy). */
    public int[] atoms() {
        return atoms.clone();
    }

    @Override
    public double value(double[] xyz, int offset) {
        double[] frame = offset == 0 ? xyz : Arrays.copyOfRange(xyz, offset, offset + 3 * (maxAtom() + 1));
        return Superposition.rmsd(frame, atoms, reference);
    }

    @Override
    public Unit unit() {
        return Unit.NANOMETER;
    }

    @Override
    public int maxAtom() {
        return Arrays.stream(atoms).max().getAsInt();
    }
}
