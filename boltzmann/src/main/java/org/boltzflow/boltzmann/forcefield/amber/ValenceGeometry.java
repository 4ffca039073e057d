package org.boltzflow.boltzmann.forcefield.amber;

import org.boltzflow.boltzmann.coordinates.ColumnVectors;

/**
 * The geometry of the {@link ValenceTriples} in one configuration, shared by the bond, angle and torsion terms of one
 * evaluation, and the force factors they set; working arrays reused by one thread, indexed by triple. For a triple
 * (i, j, k) with arms a = x_i - x_j and c = x_k - x_j and normal P = a × c, the force on atom i is
 * {@code (alongA + stretchA) a - bend c + normalI n}, on atom k {@code (alongC + stretchC) c - bend a + normalK n},
 * n = P/|P|, and on j minus their sum: the bond term sets the stretch factors, the angle term the other in-plane
 * ones, the torsion term the normal ones, and one pass adds them all. A term never sets another's factors, which
 * stay zero in a geometry of its own.
 *
 * <p>Every step is a loop of its own over flat columns, which the JIT vectorizes. 1/|P| is regularized so that a
 * collinear triple (P = 0) has 1/|P| = 0 and so no angle or torsion force from it (its gradient direction is
 * undefined), and no NaN.
 */
final class ValenceGeometry implements TermGeometry {
    final ValenceTriples triples;
    final double[] ax; // a = x_i - x_j
    final double[] ay;
    final double[] az;
    final double[] cx; // c = x_k - x_j
    final double[] cy;
    final double[] cz;
    final double[] nx; // P = a × c, then n = P/|P|
    final double[] ny;
    final double[] nz;
    final double[] dot; // a·c
    final double[] aa; // |a|²
    final double[] cc; // |c|²
    final double[] normalSquared; // |P|²
    final double[] normal; // |P|
    final double[] lengthA; // |a|
    final double[] lengthC; // |c|
    final double[] inverseNormal; // 1/|P|, 0 for a collinear triple
    final double[] inverseA; // 1/|a|
    final double[] inverseC; // 1/|c|
    final double[] bend; // force factors, see the class comment
    final double[] alongA;
    final double[] alongC;
    final double[] normalI;
    final double[] normalK;
    final double[] stretchA;
    final double[] stretchC;

    ValenceGeometry(ValenceTriples triples) {
        this.triples = triples;
        int n = triples.count;
        ax = new double[n];
        ay = new double[n];
        az = new double[n];
        cx = new double[n];
        cy = new double[n];
        cz = new double[n];
        nx = new double[n];
        ny = new double[n];
        nz = new double[n];
        dot = new double[n];
        aa = new double[n];
        cc = new double[n];
        normalSquared = new double[n];
        normal = new double[n];
        lengthA = new double[n];
        lengthC = new double[n];
        inverseNormal = new double[n];
        inverseA = new double[n];
        inverseC = new double[n];
        bend = new double[n];
        alongA = new double[n];
        alongC = new double[n];
        normalI = new double[n];
        normalK = new double[n];
        stretchA = new double[n];
        stretchC = new double[n];
    }

    @Override
    public void measure(double[] xyz) {
        ValenceTriples t = triples;
        int n = t.count;
        ColumnVectors.arms(xyz, t.first, t.middle, t.last, ax, ay, az, cx, cy, cz, n);
        ColumnVectors.dot(ax, ay, az, cx, cy, cz, dot, n);
        ColumnVectors.dot(ax, ay, az, ax, ay, az, aa, n);
        ColumnVectors.dot(cx, cy, cz, cx, cy, cz, cc, n);
        ColumnVectors.cross(ax, ay, az, cx, cy, cz, nx, ny, nz, n);
        ColumnVectors.dot(nx, ny, nz, nx, ny, nz, normalSquared, n);
        for (int i = 0; i < n; i++) {
            normal[i] = Math.sqrt(normalSquared[i]);
        }
        for (int i = 0; i < n; i++) {
            lengthA[i] = Math.sqrt(aa[i]);
        }
        for (int i = 0; i < n; i++) {
            lengthC[i] = Math.sqrt(cc[i]);
        }
        for (int i = 0; i < n; i++) { // regularized: exact unless |P|² is below 1e-284 or so
            inverseNormal[i] = normal[i] / (normalSquared[i] + 1e-300);
        }
        for (int i = 0; i < n; i++) {
            inverseA[i] = 1 / (lengthA[i] * lengthC[i]); // 1/(|a| |c|) for now
        }
        for (int i = 0; i < n; i++) {
            inverseC[i] = lengthA[i] * inverseA[i];
        }
        for (int i = 0; i < n; i++) {
            inverseA[i] *= lengthC[i];
        }
        ColumnVectors.scale(nx, ny, nz, inverseNormal, n);
    }

    @Override
    public void addForces(double[] forces) {
        ValenceTriples t = triples;
        for (int i = 0; i < t.count; i++) {
            double fix = (alongA[i] + stretchA[i]) * ax[i] - bend[i] * cx[i] + normalI[i] * nx[i];
            double fiy = (alongA[i] + stretchA[i]) * ay[i] - bend[i] * cy[i] + normalI[i] * ny[i];
            double fiz = (alongA[i] + stretchA[i]) * az[i] - bend[i] * cz[i] + normalI[i] * nz[i];
            double fkx = (alongC[i] + stretchC[i]) * cx[i] - bend[i] * ax[i] + normalK[i] * nx[i];
            double fky = (alongC[i] + stretchC[i]) * cy[i] - bend[i] * ay[i] + normalK[i] * ny[i];
            double fkz = (alongC[i] + stretchC[i]) * cz[i] - bend[i] * az[i] + normalK[i] * nz[i];
            AtomForces.add(forces, t.first[i], fix, fiy, fiz);
            AtomForces.add(forces, t.last[i], fkx, fky, fkz);
            AtomForces.add(forces, t.middle[i], -(fix + fkx), -(fiy + fky), -(fiz + fkz));
        }
    }
}
