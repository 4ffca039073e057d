package org.boltzflow.spark.sampling;

import java.io.Serializable;
import java.util.List;
import org.boltzflow.boltzmann.analysis.AlanineDipeptide;
import org.boltzflow.boltzmann.analysis.Dihedral;
import org.boltzflow.boltzmann.analysis.TorusRegion;

/**
 * What distributed sampling measures on each configuration: two dihedrals (their free-energy profiles in
 * {@code bins} bins over [-π, π)) and named states as boxes on the torus of the two (in the
 * {@link TorusRegion#parse} form {@code name:firstLow,firstHigh,secondLow,secondHigh}, radians).
 */
public final class Observables implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int[][] atoms;
    private final List<String> states;
    private final int bins;

    /** Two dihedrals, the states on their torus and the profile bins; checks the bins and the states. */
    public Observables(Dihedral first, Dihedral second, List<String> states, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("--bins must be at least 1, got " + bins);
        }
        this.names = new String[] {first.name(), second.name()};
        this.atoms = new int[][] {{first.a(), first.b(), first.c(), first.d()},
                {second.a(), second.b(), second.c(), second.d()}};
        this.states = List.copyOf(states);
        this.bins = bins;
        regions();
    }

    /** Alanine dipeptide's φ and ψ with its four basins. */
    public static Observables alanineDipeptide(int bins) {
        return new Observables(AlanineDipeptide.PHI, AlanineDipeptide.PSI, AlanineDipeptide.BASINS.stream()
                .map(r -> r.name() + ":" + r.firstLow() + "," + r.firstHigh() + "," + r.secondLow() + ","
                        + r.secondHigh()).toList(), bins);
    }

    /** Dihedral 0 or 1. */
    public Dihedral dihedral(int which) {
        int[] a = atoms[which];
        return new Dihedral(names[which], a[0], a[1], a[2], a[3]);
    }

    /** The state definitions, in the {@link TorusRegion#parse} form. */
    public List<String> states() {
        return states;
    }

    /** The states as regions, in the given order. */
    public List<TorusRegion> regions() {
        return states.stream().map(TorusRegion::parse).toList();
    }

    /** The number of profile bins over [-π, π). */
    public int bins() {
        return bins;
    }

    /** The bin of an angle in [-π, π). */
    public int bin(double angle) {
        return Math.floorMod((int) Math.floor((angle + Math.PI) / (2 * Math.PI) * bins), bins);
    }
}
