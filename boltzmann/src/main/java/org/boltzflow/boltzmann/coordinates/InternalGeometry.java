package org.boltzflow.boltzmann.coordinates;

import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.RowsOutsideDomainException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The geometry behind a {@link ZMatrix}, batched and differentiable: measuring bond lengths, angles and dihedrals
 * of Cartesian configurations, and placing atoms from them (the natural extension reference frame method). Also
 * guards both directions against degenerate geometry, which would otherwise turn into NaN: coincident atoms,
 * collinear angle triples, bonds that are not positive and angles outside (0, π) raise an error naming the
 * configuration and the atoms.
 */
final class InternalGeometry {
    /** Below this sine an angle counts as collinear (its dihedral, and the Jacobian, are undefined). */
    static final double MIN_SINE = 1e-8;
    /** Below this distance (nm) two atoms count as coincident. */
    static final double MIN_DISTANCE = 1e-9;
    /** Configurations measured at a time by {@link #measureAll}. */
    static final int MEASURE_CHUNK = 10_000;

    /** Bond lengths {@code (n, bonds)}, angles {@code (n, angles)} and dihedrals {@code (n, dihedrals)}. */
    record Internals(NDArray bonds, NDArray angles, NDArray dihedrals) {
        /** Σ 2 log r + Σ log sin θ per configuration: log of the product of r² sin θ over the placed atoms. */
        NDArray logVolume() {
            return NDMath.scale(bonds.log(), 2).sum(new int[] {1}).add(angles.sin().log().sum(new int[] {1}));
        }
    }

    private final ZMatrix zmatrix;
    private final int[] bondAtom;
    private final int[] bondRef;
    private final int[] angleAtom;
    private final int[] angleBond;
    private final int[] angleRef;
    private final int[] dihedralAtom;
    private final int[] dihedralBond;
    private final int[] dihedralAngle;
    private final int[] dihedralRef;
    private final List<int[]> levels;
    private final int[] levelOrder;

    InternalGeometry(ZMatrix zmatrix) {
        this.zmatrix = zmatrix;
        List<ZMatrix.Entry> bonds = zmatrix.entriesWith(1);
        List<ZMatrix.Entry> angles = zmatrix.entriesWith(2);
        List<ZMatrix.Entry> dihedrals = zmatrix.entriesWith(3);
        bondAtom = bonds.stream().mapToInt(ZMatrix.Entry::atom).toArray();
        bondRef = bonds.stream().mapToInt(ZMatrix.Entry::bond).toArray();
        angleAtom = angles.stream().mapToInt(ZMatrix.Entry::atom).toArray();
        angleBond = angles.stream().mapToInt(ZMatrix.Entry::bond).toArray();
        angleRef = angles.stream().mapToInt(ZMatrix.Entry::angle).toArray();
        dihedralAtom = dihedrals.stream().mapToInt(ZMatrix.Entry::atom).toArray();
        dihedralBond = dihedrals.stream().mapToInt(ZMatrix.Entry::bond).toArray();
        dihedralAngle = dihedrals.stream().mapToInt(ZMatrix.Entry::angle).toArray();
        dihedralRef = dihedrals.stream().mapToInt(ZMatrix.Entry::dihedral).toArray();
        levels = placementLevels();
        levelOrder = levels.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /**
     * The dihedral entries (indices into the dihedral lists) grouped into levels that can be placed together: an
     * entry's level is one more than the highest level of its references (fixed atoms and the first three atoms of a
     * global Z-matrix are level 0).
     */
    private List<int[]> placementLevels() {
        int[] level = new int[zmatrix.atomCount()];
        java.util.TreeMap<Integer, List<Integer>> groups = new java.util.TreeMap<>();
        for (int k = 0; k < dihedralAtom.length; k++) {
            level[dihedralAtom[k]] = 1 + Math.max(level[dihedralBond[k]], Math.max(level[dihedralAngle[k]],
                    level[dihedralRef[k]]));
            groups.computeIfAbsent(level[dihedralAtom[k]], l -> new ArrayList<>()).add(k);
        }
        return groups.values().stream().map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    int bondCount() {
        return bondAtom.length;
    }

    int angleCount() {
        return angleAtom.length;
    }

    int dihedralCount() {
        return dihedralAtom.length;
    }

    /**
     * The internal coordinates of configurations {@code (n, atoms, 3)}; dihedrals in (-π, π].
     *
     * @throws IllegalArgumentException if atoms coincide or a triple defining an angle or a dihedral is collinear
     */
    Internals measure(NDArray positions) {
        return measure(positions, 0);
    }

    /** {@link #measure(NDArray)} of configurations numbered from {@code firstFrame} in error messages. */
    private Internals measure(NDArray positions, int firstFrame) {
        NDArray bondVector = Vectors.atoms(positions, bondAtom).sub(Vectors.atoms(positions, bondRef));
        NDArray bonds = Vectors.norm(bondVector);
        NDArray u = Vectors.atoms(positions, angleAtom).sub(Vectors.atoms(positions, angleBond));
        NDArray v = Vectors.atoms(positions, angleRef).sub(Vectors.atoms(positions, angleBond));
        NDArray uxv = Vectors.norm(Vectors.cross(u, v));
        NDArray angles = uxv.atan2(Vectors.dot(u, v));
        NDArray b0 = Vectors.atoms(positions, dihedralAngle).sub(Vectors.atoms(positions, dihedralRef));
        NDArray b1 = Vectors.atoms(positions, dihedralBond).sub(Vectors.atoms(positions, dihedralAngle));
        NDArray b2 = Vectors.atoms(positions, dihedralAtom).sub(Vectors.atoms(positions, dihedralBond));
        NDArray n1 = Vectors.cross(b0, b1);
        NDArray n2 = Vectors.cross(b1, b2);
        NDArray y = Vectors.dot(Vectors.cross(n1, n2), Vectors.unit(b1));
        NDArray dihedrals = y.atan2(Vectors.dot(n1, n2));
        NDArray angleSine = uxv.div(Vectors.norm(u).mul(Vectors.norm(v)));
        NDArray referenceSine = Vectors.norm(n1).div(Vectors.norm(b0).mul(Vectors.norm(b1)));
        requireNonDegenerate(bonds, angleSine, referenceSine, firstFrame);
        return new Internals(bonds, angles, dihedrals);
    }

    /**
     * {@link #measure} of many configurations {@code xyz} (frames of 3N values, nm), {@value #MEASURE_CHUNK} at a
     * time so that the intermediates stay small; the results belong to {@code manager}.
     */
    Internals measureAll(double[] xyz, NDManager manager) {
        int atoms = zmatrix.atomCount();
        int frames = xyz.length / (3 * atoms);
        double[][] parts = {new double[frames * bondCount()], new double[frames * angleCount()],
            new double[frames * dihedralCount()]};
        for (int start = 0; start < frames; start += MEASURE_CHUNK) {
            int size = Math.min(MEASURE_CHUNK, frames - start);
            try (NDManager chunk = manager.newSubManager()) {
                Internals part = measure(chunk.create(java.util.Arrays.copyOfRange(xyz, start * 3 * atoms,
                        (start + size) * 3 * atoms), new Shape(size, atoms, 3)), start);
                NDArray[] values = {part.bonds(), part.angles(), part.dihedrals()};
                for (int k = 0; k < 3; k++) {
                    int width = parts[k].length / frames;
                    System.arraycopy(values[k].toDoubleArray(), 0, parts[k], start * width, size * width);
                }
            }
        }
        return new Internals(manager.create(parts[0], new Shape(frames, bondCount())),
                manager.create(parts[1], new Shape(frames, angleCount())),
                manager.create(parts[2], new Shape(frames, dihedralCount())));
    }

    /**
     * Places every non-fixed atom from internal coordinates; {@code fixed} holds {@code (n, 3)} positions of the fixed
     * atoms (by atom index, null elsewhere) or is all null for a global Z-matrix, which then puts its first atom at
     * the origin, its second on the +x axis and its third in the xy plane (y &gt; 0). Returns {@code (n, atoms, 3)}.
     *
     * @throws IllegalArgumentException if a value is not finite, a bond is not positive, an angle is outside (0, π),
     *     or a dihedral's reference atoms end up collinear
     */
    NDArray place(Internals internals, NDArray[] fixed) {
        requirePlaceable(internals);
        NDArray[] p = fixed.clone();
        NDArray bonds = internals.bonds();
        long n = bonds.getShape().get(0);
        List<ZMatrix.Entry> entries = zmatrix.entries();
        int first = entries.size() - dihedralAtom.length;
        for (int i = 0; i < first; i++) {
            ZMatrix.Entry e = entries.get(i);
            if (e.references() == 0) {
                p[e.atom()] = bonds.getManager().zeros(new Shape(n, 3), bonds.getDataType());
            } else if (e.references() == 1) {
                NDArray r = column(bonds, 0);
                p[e.atom()] = p[e.bond()].add(Vectors.stackLast(r, r.zerosLike(), r.zerosLike()));
            } else {
                NDArray r = column(bonds, 1).expandDims(-1);
                NDArray theta = column(internals.angles(), 0).expandDims(-1);
                NDArray axis = Vectors.unit(p[e.angle()].sub(p[e.bond()]));
                NDArray up = bonds.getManager().create(new double[] {0, 1, 0}).toType(bonds.getDataType(), false);
                p[e.atom()] = p[e.bond()].add(axis.mul(theta.cos()).add(up.mul(theta.sin())).mul(r));
            }
        }
        List<NDArray> referenceSines = new ArrayList<>();
        for (int[] level : levels) {
            NDArray r = columns(bonds, level, bondAtom.length - dihedralAtom.length).expandDims(-1);
            NDArray theta = columns(internals.angles(), level, angleAtom.length - dihedralAtom.length).expandDims(-1);
            NDArray phi = columns(internals.dihedrals(), level, 0).expandDims(-1);
            NDArray pb = gather(p, dihedralBond, level);
            NDArray pa = gather(p, dihedralAngle, level);
            NDArray ad = pa.sub(gather(p, dihedralRef, level));
            NDArray bc = Vectors.unit(pb.sub(pa));
            NDArray normal = Vectors.cross(ad, bc);
            NDArray normalLength = Vectors.norm(normal);
            referenceSines.add(normalLength.div(Vectors.norm(ad)));
            normal = normal.div(normalLength.expandDims(-1));
            NDArray m = Vectors.cross(normal, bc);
            NDArray sin = theta.sin();
            NDArray placed = pb.add(bc.mul(theta.cos().neg()).add(m.mul(sin.mul(phi.cos())))
                    .add(normal.mul(sin.mul(phi.sin()))).mul(r));
            for (int j = 0; j < level.length; j++) {
                p[dihedralAtom[level[j]]] = placed.get(":, " + j + ", :");
            }
        }
        if (!referenceSines.isEmpty()) {
            scanDihedralFrames(NDArrays.concat(new NDList(referenceSines), 1), levelOrder, 0);
        }
        return NDArrays.stack(new NDList(p), 1);
    }

    /** Positions {@code (n, k, 3)} of the atoms {@code role[k]} for the dihedral entries {@code level}. */
    private static NDArray gather(NDArray[] p, int[] role, int[] level) {
        NDList list = new NDList(level.length);
        for (int k : level) {
            list.add(p[role[k]]);
        }
        return NDArrays.stack(list, 1);
    }

    /** Columns {@code offset + level[j]} of {@code a (n, columns)}: shape {@code (n, level.length)}. */
    private static NDArray columns(NDArray a, int[] level, int offset) {
        long[] index = java.util.Arrays.stream(level).asLongStream().map(k -> k + offset).toArray();
        return a.get(new ai.djl.ndarray.index.NDIndex(":, {}", a.getManager().create(index)));
    }

    private static NDArray column(NDArray a, int k) {
        return a.get(":, " + k);
    }

    private void requirePlaceable(Internals internals) {
        double[] r = internals.bonds().toDoubleArray();
        double[] theta = internals.angles().toDoubleArray();
        double[] phi = internals.dihedrals().toDoubleArray();
        scan(r, bondAtom.length, 0, (k, frame, value) -> !(value > 0 && Double.isFinite(value)) ? "bond length " + value
                + " of atom " + bondAtom[k] + " to atom " + bondRef[k] + " is not a positive finite number" : null);
        scan(theta, angleAtom.length, 0, (k, frame, value) -> !(value > 0 && value < Math.PI) ? "angle " + value
                + " at atom " + angleBond[k] + " between atoms " + angleAtom[k] + " and " + angleRef[k]
                + " is outside (0, π)" : null);
        scan(phi, dihedralAtom.length, 0, (k, frame, value) -> !Double.isFinite(value) ? "dihedral " + value
                + " of atoms " + dihedralAtom[k] + "-" + dihedralBond[k] + "-" + dihedralAngle[k] + "-" + dihedralRef[k]
                + " is not finite" : null);
    }

    private void requireNonDegenerate(NDArray bonds, NDArray angleSine, NDArray referenceSine, int firstFrame) {
        scan(bonds.toDoubleArray(), bondAtom.length, firstFrame, (k, frame, value) -> !(value >= MIN_DISTANCE)
                ? "atoms " + bondAtom[k] + " and " + bondRef[k] + " coincide (distance " + value + " nm)" : null);
        scan(angleSine.toDoubleArray(), angleAtom.length, firstFrame, (k, frame, value) -> !(value >= MIN_SINE)
                ? "atoms " + angleAtom[k] + ", " + angleBond[k] + ", " + angleRef[k] + " are collinear (sine of the angle "
                + value + "), so the angle is degenerate" : null);
        scanDihedralFrames(referenceSine, java.util.stream.IntStream.range(0, dihedralAtom.length).toArray(),
                firstFrame);
    }

    /** Checks the sines of the dihedral reference angles; column c belongs to dihedral entry {@code entry[c]}. */
    private void scanDihedralFrames(NDArray referenceSine, int[] entry, int firstFrame) {
        scan(referenceSine.toDoubleArray(), entry.length, firstFrame, (c, frame, value) -> !(value >= MIN_SINE)
                ? "the reference atoms " + dihedralBond[entry[c]] + ", " + dihedralAngle[entry[c]] + ", "
                + dihedralRef[entry[c]] + " of the dihedral placing atom " + dihedralAtom[entry[c]]
                + " are collinear (sine " + value + "), so the dihedral is undefined" : null);
    }

    /**
     * Checks each value of a {@code (n, columns)} array; a problem is thrown as a {@link RowsOutsideDomainException}
     * naming every frame that has one (rows numbered from {@code firstFrame}), with the first problem's description.
     */
    private static void scan(double[] values, int columns, int firstFrame, Problem problem) {
        String first = null;
        long[] rows = new long[values.length / Math.max(columns, 1)];
        int refused = 0;
        for (int i = 0; i < values.length; i++) {
            int frame = i / columns;
            if (refused > 0 && rows[refused - 1] == firstFrame + frame) {
                continue;
            }
            String message = problem.describe(i % columns, frame, values[i]);
            if (message != null) {
                rows[refused++] = firstFrame + frame;
                if (first == null) {
                    first = "configuration " + (firstFrame + frame) + ": " + message;
                }
            }
        }
        if (first != null) {
            throw new RowsOutsideDomainException(refused == 1 ? first : first + " (and " + (refused - 1)
                    + " more configurations)", Arrays.copyOf(rows, refused));
        }
    }

    /** A check of one value; returns a description of what is wrong, or null. */
    private interface Problem {
        String describe(int column, int frame, double value);
    }
}
