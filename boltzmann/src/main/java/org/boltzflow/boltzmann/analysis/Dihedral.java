package org.boltzflow.boltzmann.analysis;

/**
 * A dihedral angle defined by four atoms (zero-based indices), measured in radians in [-π, π) by the IUPAC
 * convention (the sign of a right-handed rotation about the b-c bond), as OpenMM and MDTraj do.
 */
public record Dihedral(String name, int a, int b, int c, int d) {
    /** The dihedral of one configuration {@code xyz} ({@code double[3N]}, any length unit). */
    public double of(double[] xyz) {
        return of(xyz, 0);
    }

    /** The dihedral of the configuration starting at {@code offset} in {@code xyz}. */
    public double of(double[] xyz, int offset) {
        double[] b1 = diff(xyz, offset, b, a);
        double[] b2 = diff(xyz, offset, c, b);
        double[] b3 = diff(xyz, offset, d, c);
        double[] n1 = cross(b1, b2);
        double[] n2 = cross(b2, b3);
        double y = Math.sqrt(dot(b2, b2)) * dot(b1, n2);
        double angle = Math.atan2(y, dot(n1, n2));
        return angle >= Math.PI ? angle - 2 * Math.PI : angle;
    }

    /** The dihedral of each of {@code frames} configurations stored one after another in {@code xyz}. */
    public double[] ofFrames(double[] xyz, int atoms) {
        int frames = xyz.length / (3 * atoms);
        double[] out = new double[frames];
        for (int f = 0; f < frames; f++) {
            out[f] = of(xyz, 3 * atoms * f);
        }
        return out;
    }

    private static double[] diff(double[] xyz, int offset, int to, int from) {
        int i = offset + 3 * to;
        int j = offset + 3 * from;
        return new double[] {xyz[i] - xyz[j], xyz[i + 1] - xyz[j + 1], xyz[i + 2] - xyz[j + 2]};
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }

    private static double dot(double[] u, double[] v) {
        return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    }
}
