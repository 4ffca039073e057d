package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Assigns MMFF94 parameters to every interaction of a typed molecule, following the MMFF94 protocols: bond, angle,
 * stretch-bend and torsion classes from the MMFF bond types; step-down through the MMFFDEF equivalence levels for
 * angles (levels 2-5 on the outer atoms), out-of-plane bends and torsions (1-1-1-1, 3-2-2-5, 5-2-2-3, 5-2-2-5, then
 * the secondary torsion class); default stretch-bends by periodic-table row; and the empirical rules of
 * {@link MmffEmpiricalRules} where the tables are silent. Follows the choices RDKit made where the papers leave
 * room.
 */
final class MmffParameterization {
    private static final double COULOMB = 332.0716;
    private static final double ONE_FOUR_SCALE = 0.75;

    private final MmffMolecule molecule;
    private final MmffParameters parameters;
    private final int[][] neighbors;
    private final Map<Long, Integer> bondIndex;
    private final MmffTypeProperties[] props;

    /** The parameterization of a typed molecule; each of the methods below builds one of its terms. */
    MmffParameterization(MmffMolecule molecule, MmffParameters parameters) {
        this.molecule = molecule;
        this.parameters = parameters;
        this.neighbors = molecule.neighbors();
        this.bondIndex = molecule.bondIndex();
        this.props = Arrays.stream(molecule.types()).mapToObj(parameters::properties).toArray(MmffTypeProperties[]::new);
    }

    /** The bond stretch term. */
    MmffBonds bonds() {
        int[][] bonds = molecule.bonds();
        int[] atoms = new int[2 * bonds.length];
        double[] r0 = new double[bonds.length];
        double[] kb = new double[bonds.length];
        for (int b = 0; b < bonds.length; b++) {
            double[] params = bondParameters(bonds[b][0], bonds[b][1]);
            atoms[2 * b] = bonds[b][0];
            atoms[2 * b + 1] = bonds[b][1];
            r0[b] = params[0];
            kb[b] = params[1];
        }
        return new MmffBonds(atoms, r0, kb);
    }

    /** The angle bend term. */
    MmffAngles angles() {
        TermBuffer buffer = new TermBuffer(3, 3);
        for (int j = 0; j < neighbors.length; j++) {
            int[] nb = neighbors[j];
            for (int a = 0; a < nb.length; a++) {
                for (int c = a + 1; c < nb.length; c++) {
                    double[] angle = angleParameters(nb[a], j, nb[c]);
                    buffer.add(new int[] {nb[a], j, nb[c]}, angle[0], angle[1], props[j].linear() ? 1 : 0);
                }
            }
        }
        double[][] v = buffer.values();
        boolean[] linear = new boolean[v[2].length];
        for (int t = 0; t < linear.length; t++) {
            linear[t] = v[2][t] != 0;
        }
        return new MmffAngles(buffer.atoms(), v[0], v[1], linear);
    }

    /** The stretch-bend term. */
    MmffStretchBends stretchBends() {
        TermBuffer buffer = new TermBuffer(3, 5);
        for (int j = 0; j < neighbors.length; j++) {
            if (props[j].linear()) {
                continue;
            }
            int[] nb = neighbors[j];
            for (int a = 0; a < nb.length; a++) {
                for (int c = a + 1; c < nb.length; c++) {
                    int i = nb[a];
                    int k = nb[c];
                    double[] constants = stretchBendConstants(i, j, k);
                    if (constants != null) {
                        buffer.add(new int[] {i, j, k}, bondParameters(i, j)[0], bondParameters(k, j)[0],
                                angleParameters(i, j, k)[0], constants[0], constants[1]);
                    }
                }
            }
        }
        double[][] v = buffer.values();
        return new MmffStretchBends(buffer.atoms(), v[0], v[1], v[2], v[3], v[4]);
    }

    /** The out-of-plane term. */
    MmffOutOfPlanes outOfPlanes() {
        TermBuffer buffer = new TermBuffer(4, 1);
        int[] types = molecule.types();
        for (int j = 0; j < neighbors.length; j++) {
            int[] nb = neighbors[j];
            if (nb.length != 3) {
                continue;
            }
            Double koop = null;
            for (int level = 0; level < 4 && koop == null; level++) {
                koop = parameters.outOfPlane(types[j], parameters.levels(types[nb[0]])[level],
                        parameters.levels(types[nb[1]])[level], parameters.levels(types[nb[2]])[level]);
            }
            if (koop == null) {
                continue;
            }
            for (int out = 0; out < 3; out++) {
                buffer.add(new int[] {nb[(out + 1) % 3], j, nb[(out + 2) % 3], nb[out]}, koop);
            }
        }
        return new MmffOutOfPlanes(buffer.atoms(), buffer.values()[0]);
    }

    /** The torsion term. */
    MmffTorsions torsions() {
        TermBuffer buffer = new TermBuffer(4, 3);
        for (int[] bond : molecule.bonds()) {
            int j = bond[0];
            int k = bond[1];
            if (!torsionCentre(j) || !torsionCentre(k)) {
                continue;
            }
            for (int i : neighbors[j]) {
                for (int l : neighbors[k]) {
                    if (i == k || l == j || i == l) {
                        continue;
                    }
                    double[] v = torsionParameters(i, j, k, l);
                    if (v[0] != 0 || v[1] != 0 || v[2] != 0) {
                        buffer.add(new int[] {i, j, k, l}, v[0], v[1], v[2]);
                    }
                }
            }
        }
        double[][] v = buffer.values();
        return new MmffTorsions(buffer.atoms(), v[0], v[1], v[2]);
    }

    /** The van der Waals and electrostatic terms, over one list of the pairs separated by three or more bonds. */
    List<MmffPairTerm> nonbonded() {
        int n = molecule.atomCount();
        double[] q = molecule.charges();
        double[] c = MmffParameters.vdwConstants();
        TermBuffer buffer = new TermBuffer(2, 3);
        for (int i = 0; i < n; i++) {
            int[] distance = bondDistances(i);
            MmffVdwType vi = parameters.vdw(molecule.types()[i]);
            for (int j = i + 1; j < n; j++) {
                if (distance[j] >= 0 && distance[j] < 3) {
                    continue;
                }
                MmffVdwType vj = parameters.vdw(molecule.types()[j]);
                double ri = vi.rStar();
                double rj = vj.rStar();
                double gamma = (ri - rj) / (ri + rj);
                boolean donor = vi.donorAcceptor() == 'D' || vj.donorAcceptor() == 'D';
                double rij = 0.5 * (ri + rj) * (1.0 + (donor ? 0.0 : c[0] * (1.0 - Math.exp(-c[1] * gamma * gamma))));
                double eps = 181.16 * vi.g() * vj.g() * vi.alpha() * vj.alpha()
                        / ((Math.sqrt(vi.alpha() / vi.n()) + Math.sqrt(vj.alpha() / vj.n())) * Math.pow(rij, 6));
                boolean donorAcceptor = (vi.donorAcceptor() == 'D' && vj.donorAcceptor() == 'A')
                        || (vi.donorAcceptor() == 'A' && vj.donorAcceptor() == 'D');
                if (donorAcceptor) {
                    rij *= c[2];
                    eps *= c[3];
                }
                double coulomb = COULOMB * q[i] * q[j] * (distance[j] == 3 ? ONE_FOUR_SCALE : 1.0);
                buffer.add(new int[] {i, j}, rij, eps, coulomb);
            }
        }
        double[][] v = buffer.values();
        MmffPairs pairs = new MmffPairs(buffer.atoms());
        return List.of(new MmffVanDerWaals(pairs, v[0], v[1]), new MmffElectrostatics(pairs, v[2]));
    }

    // ---- parameter protocols ----

    private int bondType(int a, int b) {
        int index = bondIndex.get(MmffMolecule.pair(a, b));
        return MmffBondClass.of(props[a], props[b], molecule.orders()[index], molecule.aromatic()[index]);
    }

    private double[] bondParameters(int a, int b) {
        double[] params = parameters.bond(bondType(a, b), molecule.types()[a], molecule.types()[b]);
        return params != null ? params
                : MmffEmpiricalRules.bond(parameters, molecule.atomicNumbers()[a], molecule.atomicNumbers()[b]);
    }

    private int angleType(int i, int j, int k) {
        int sum = bondType(i, j) + bondType(j, k);
        int size = angleRingSize(i, j, k);
        return size == 0 ? sum : sum == 0 ? size : size + sum + size - 2;
    }

    /** {theta0, ka}: the first table entry over the step-down levels; the empirical rule when none or ka is 0. */
    private double[] angleParameters(int i, int j, int k) {
        int[] types = molecule.types();
        int angleType = angleType(i, j, k);
        double[] found = null;
        for (int level = 0; level < 4 && found == null; level++) {
            found = parameters.angle(angleType, parameters.levels(types[i])[level], types[j],
                    parameters.levels(types[k])[level]);
        }
        if (found != null && found[1] != 0.0) {
            return found;
        }
        int[] z = molecule.atomicNumbers();
        int ring = angleRingSize(i, j, k);
        double theta0 = found != null ? found[0] : MmffEmpiricalRules.restAngle(props[j], z[j], ring);
        double ka = MmffEmpiricalRules.angleForceConstant(z[i], z[j], z[k], theta0, bondParameters(i, j)[0],
                bondParameters(j, k)[0], ring);
        return new double[] {theta0, ka};
    }

    /** {kba(i-j-k), kba(k-j-i)}, or null when the stretch-bend is absent (both zero). */
    private double[] stretchBendConstants(int i, int j, int k) {
        int[] types = molecule.types();
        int ti = types[i];
        int tk = types[k];
        int bij = bondType(i, j);
        int bjk = bondType(j, k);
        int sbt = stretchBendType(angleType(i, j, k), ti <= tk ? bij : bjk, ti < tk ? bjk : bij);
        boolean swap = ti > tk || (ti == tk && bij < bjk);
        double[] constants = parameters.stretchBend(sbt, Math.min(ti, tk), types[j], Math.max(ti, tk));
        if (constants == null) {
            int[] z = molecule.atomicNumbers();
            int ri = MmffEmpiricalRules.row(z[i]);
            int rk = MmffEmpiricalRules.row(z[k]);
            swap = ri > rk;
            constants = parameters.defaultStretchBend(Math.min(ri, rk), MmffEmpiricalRules.row(z[j]), Math.max(ri, rk));
        }
        if (constants == null || (constants[0] == 0 && constants[1] == 0)) {
            return null;
        }
        return swap ? new double[] {constants[1], constants[0]} : constants;
    }

    private static int stretchBendType(int angleType, int bondType1, int bondType2) {
        boolean first = bondType1 != 0 || bondType1 == bondType2;
        return switch (angleType) {
            case 1 -> first ? 1 : 2;
            case 2 -> 3;
            case 3 -> 5;
            case 4 -> 4;
            case 5 -> first ? 6 : 7;
            case 6 -> 8;
            case 7 -> first ? 9 : 10;
            case 8 -> 11;
            default -> 0;
        };
    }

    /** Whether a bond atom can be the centre of a torsion: not terminal, not in a triple bond, not linear. */
    private boolean torsionCentre(int atom) {
        if (neighbors[atom].length < 2 || props[atom].linear()) {
            return false;
        }
        for (int other : neighbors[atom]) {
            if (molecule.orders()[bondIndex.get(MmffMolecule.pair(atom, other))] == 3) {
                return false;
            }
        }
        return true;
    }

    private double[] torsionParameters(int i, int j, int k, int l) {
        int[] types = molecule.types();
        int jk = bondIndex.get(MmffMolecule.pair(j, k));
        boolean singleJk = molecule.orders()[jk] == 1 && !molecule.aromatic()[jk];
        int torsionType = bondType(j, k);
        if (torsionType == 0 && singleJk && (bondType(i, j) == 1 || bondType(k, l) == 1)) {
            torsionType = 2;
        }
        int secondType = 0;
        int ring = torsionRingSize(i, j, k, l);
        if (ring == 4 && !(bonded(i, k) || bonded(j, l))) {
            secondType = torsionType;
            torsionType = 4;
        } else if (ring == 5 && (types[i] == 1 || types[j] == 1 || types[k] == 1 || types[l] == 1)) {
            secondType = torsionType;
            torsionType = 5;
        }
        double[] v = torsionLookup(torsionType, i, j, k, l);
        if (v == null) {
            v = torsionLookup(secondType, i, j, k, l);
        }
        if (v != null) {
            return v;
        }
        int[] z = molecule.atomicNumbers();
        return MmffEmpiricalRules.torsion(props[j], props[k], z[j], z[k], molecule.orders()[jk],
                molecule.aromatic()[jk]);
    }

    /** The torsion step-down over outer-atom levels (1,1), (3,5), (5,3), (5,5); null when nothing matches. */
    private double[] torsionLookup(int torsionType, int i, int j, int k, int l) {
        int[] types = molecule.types();
        int[][] stages = {{0, 0}, {1, 3}, {3, 1}, {3, 3}};
        for (int[] stage : stages) {
            double[] v = parameters.torsion(torsionType, parameters.levels(types[i])[stage[0]], types[j], types[k],
                    parameters.levels(types[l])[stage[1]]);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    // ---- graph helpers ----

    private boolean bonded(int a, int b) {
        return bondIndex.containsKey(MmffMolecule.pair(a, b));
    }

    /** 3 if i-j-k closes a three-membered ring, 4 if a four-membered one, else 0. */
    private int angleRingSize(int i, int j, int k) {
        if (bonded(i, k)) {
            return 3;
        }
        return commonNeighbour(i, k, j) ? 4 : 0;
    }

    /** 4 if i-j-k-l closes a four-membered ring, 5 if a five-membered one, else 0. */
    private int torsionRingSize(int i, int j, int k, int l) {
        if (bonded(i, l)) {
            return 4;
        }
        for (int a : neighbors[i]) {
            if (a == j) {
                continue;
            }
            for (int b : neighbors[l]) {
                if (b != k && a == b) {
                    return 5;
                }
            }
        }
        return 0;
    }

    private boolean commonNeighbour(int a, int b, int except) {
        for (int x : neighbors[a]) {
            if (x != except && bonded(x, b)) {
                return true;
            }
        }
        return false;
    }

    /** Bond-count distances from one atom (-1 if not connected). */
    private int[] bondDistances(int from) {
        int[] distance = new int[neighbors.length];
        Arrays.fill(distance, -1);
        distance[from] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        while (!queue.isEmpty()) {
            int a = queue.poll();
            if (distance[a] >= 3) {
                continue;
            }
            for (int b : neighbors[a]) {
                if (distance[b] < 0) {
                    distance[b] = distance[a] + 1;
                    queue.add(b);
                }
            }
        }
        return distance;
    }
}
