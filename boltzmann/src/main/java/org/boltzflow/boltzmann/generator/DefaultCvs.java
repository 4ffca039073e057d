package org.boltzflow.boltzmann.generator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.CvSpecs;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.cv.Interval;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * The collective variables and states a run analyses when the user names none. A peptide (residues with backbone
 * atoms N, CA, C bonded in sequence) gets the backbone φ and ψ of every residue that has them ({@code phi2},
 * {@code psi2}: residue numbers from 1); any other molecule every rotatable dihedral ({@code tor1}, ...: a bond
 * between two heavy atoms outside rings, each with another heavy neighbour). The default states split the first two
 * variables into four boxes: on a residue with both φ and ψ its Ramachandran basins (C7eq/β, αR, αL, C7ax with
 * alanine dipeptide's boundaries); otherwise each variable in two halves ([-180°, 0°) and [0°, 180°) for a φ or a
 * torsion; the α band [-150°, 50°) and the rest for a ψ), named {@code <cv>-} and {@code <cv>+} in that order.
 */
public final class DefaultCvs {
    private static final double PSI_LOW = -148.96902673401405;
    private static final double PSI_HIGH = 51.56620156177409;
    private static final double ALPHA_L_LOW = -28.64788975654116;
    private static final double ALPHA_L_HIGH = 148.96902673401405;

    private DefaultCvs() {}

    /** The default variables and states of {@code topology}. */
    public static CvDefinition of(Topology topology) {
        List<CollectiveVariable> cvs = backbone(topology);
        if (cvs.isEmpty()) {
            cvs = rotatable(topology);
        }
        if (cvs.isEmpty()) {
            throw new IllegalArgumentException("the molecule has no backbone phi/psi and no rotatable dihedral: "
                    + "name collective variables with --cv");
        }
        return new CvDefinition(cvs, states(cvs));
    }

    /** Backbone φ/ψ of each residue, in residue order. */
    static List<CollectiveVariable> backbone(Topology topology) {
        int residues = topology.atoms().stream().mapToInt(Atom::residueIndex).max().orElse(-1) + 1;
        int[][] atoms = new int[residues][];
        for (int r = 0; r < residues; r++) {
            atoms[r] = new int[] {find(topology, r, "N"), find(topology, r, "CA"), find(topology, r, "C")};
        }
        Set<Long> bonds = bondSet(topology);
        List<CollectiveVariable> cvs = new ArrayList<>();
        for (int r = 0; r < residues; r++) {
            int[] a = atoms[r];
            if (a[0] < 0 || a[1] < 0 || a[2] < 0 || !bonded(bonds, a[0], a[1]) || !bonded(bonds, a[1], a[2])) {
                continue;
            }
            if (r > 0 && atoms[r - 1][2] >= 0 && bonded(bonds, atoms[r - 1][2], a[0])) {
                cvs.add(new Dihedral("phi" + (r + 1), atoms[r - 1][2], a[0], a[1], a[2]));
            }
            if (r + 1 < residues && atoms[r + 1][0] >= 0 && bonded(bonds, a[2], atoms[r + 1][0])) {
                cvs.add(new Dihedral("psi" + (r + 1), a[0], a[1], a[2], atoms[r + 1][0]));
            }
        }
        return cvs;
    }

    /** A torsion for every rotatable bond: heavy-atom neighbours of lowest index on each side. */
    static List<CollectiveVariable> rotatable(Topology topology) {
        int[][] neighbors = topology.neighbors();
        List<CollectiveVariable> cvs = new ArrayList<>();
        for (int[] bond : topology.bonds()) {
            int b = Math.min(bond[0], bond[1]);
            int c = Math.max(bond[0], bond[1]);
            if (hydrogen(topology, b) || hydrogen(topology, c) || inRing(neighbors, b, c)) {
                continue;
            }
            int a = heavyNeighbour(topology, neighbors, b, c);
            int d = heavyNeighbour(topology, neighbors, c, b);
            if (a >= 0 && d >= 0) {
                cvs.add(new Dihedral("tor" + (cvs.size() + 1), a, b, c, d));
            }
        }
        return cvs;
    }

    /** Four states on the first two variables (see the class comment); none if there is one variable only. */
    static List<State> states(List<CollectiveVariable> cvs) {
        if (cvs.size() < 2) {
            CollectiveVariable x = cvs.get(0);
            return List.of(box("low", range(x, -180, 0)), box("high", range(x, 0, 180)));
        }
        CollectiveVariable x = cvs.get(0);
        CollectiveVariable y = cvs.get(1);
        String residue = x.name().substring(3);
        if (x.name().startsWith("phi") && y.name().equals("psi" + residue)) {
            return List.of(
                    box("C7eq/beta" + residue, range(x, -180, 0), range(y, PSI_HIGH, PSI_LOW)),
                    box("alphaR" + residue, range(x, -180, 0), range(y, PSI_LOW, PSI_HIGH)),
                    box("alphaL" + residue, range(x, 0, 180), range(y, ALPHA_L_LOW, ALPHA_L_HIGH)),
                    box("C7ax" + residue, range(x, 0, 180), range(y, ALPHA_L_HIGH, ALPHA_L_LOW)));
        }
        double[][] xs = halves(x);
        double[][] ys = halves(y);
        List<State> states = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                states.add(box(x.name() + (i == 0 ? "-" : "+") + y.name() + (j == 0 ? "-" : "+"),
                        range(x, xs[i][0], xs[i][1]), range(y, ys[j][0], ys[j][1])));
            }
        }
        return states;
    }

    private static double[][] halves(CollectiveVariable cv) {
        return cv.name().startsWith("psi") ? new double[][] {{-150, 50}, {50, -150}}
                : new double[][] {{-180, 0}, {0, 180}};
    }

    private static State box(String name, Interval... ranges) {
        return CvSpecs.state(name, List.of(ranges), "default state " + name);
    }

    private static Interval range(CollectiveVariable cv, double low, double high) {
        return CvSpecs.range(cv, low, high, "default state on " + cv.name());
    }

    private static int find(Topology topology, int residue, String name) {
        for (int i = 0; i < topology.atomCount(); i++) {
            Atom a = topology.atoms().get(i);
            if (a.residueIndex() == residue && a.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Set<Long> bondSet(Topology topology) {
        Set<Long> set = new HashSet<>();
        for (int[] b : topology.bonds()) {
            set.add(key(b[0], b[1]));
        }
        return set;
    }

    private static boolean bonded(Set<Long> bonds, int a, int b) {
        return bonds.contains(key(a, b));
    }

    private static long key(int a, int b) {
        return (long) Math.min(a, b) << 32 | Math.max(a, b);
    }

    private static boolean hydrogen(Topology topology, int atom) {
        return "H".equalsIgnoreCase(topology.atoms().get(atom).element());
    }

    private static int heavyNeighbour(Topology topology, int[][] neighbors, int atom, int other) {
        int best = -1;
        for (int n : neighbors[atom]) {
            if (n != other && !hydrogen(topology, n) && (best < 0 || n < best)) {
                best = n;
            }
        }
        return best;
    }

    /** Whether bond b-c lies in a ring: c is reachable from b without crossing the bond. */
    private static boolean inRing(int[][] neighbors, int b, int c) {
        boolean[] seen = new boolean[neighbors.length];
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        seen[b] = true;
        queue.add(b);
        while (!queue.isEmpty()) {
            int a = queue.poll();
            for (int n : neighbors[a]) {
                if (a == b && n == c) {
                    continue;
                }
                if (n == c) {
                    return true;
                }
                if (!seen[n]) {
                    seen[n] = true;
                    queue.add(n);
                }
            }
        }
        return false;
    }
}
