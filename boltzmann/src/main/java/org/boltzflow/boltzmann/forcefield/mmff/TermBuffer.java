package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.ArrayList;
import java.util.List;

/** Collects n-body terms (atom indices plus a fixed number of parameter values) into flat arrays. */
final class TermBuffer {
    private final int bodies;
    private final List<int[]> atoms = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    private final int valueCount;

    TermBuffer(int bodies, int valueCount) {
        this.bodies = bodies;
        this.valueCount = valueCount;
    }

    void add(int[] termAtoms, double... termValues) {
        if (termAtoms.length != bodies || termValues.length != valueCount) {
            throw new IllegalArgumentException("term of the wrong shape");
        }
        atoms.add(termAtoms);
        values.add(termValues);
    }

    /** The atom indices, {@code bodies} per term. */
    int[] atoms() {
        int[] flat = new int[bodies * atoms.size()];
        for (int t = 0; t < atoms.size(); t++) {
            System.arraycopy(atoms.get(t), 0, flat, bodies * t, bodies);
        }
        return flat;
    }

    /** The parameter values, one array per parameter, each indexed by term. */
    double[][] values() {
        double[][] columns = new double[valueCount][values.size()];
        for (int t = 0; t < values.size(); t++) {
            for (int v = 0; v < valueCount; v++) {
                columns[v][t] = values.get(t)[v];
            }
        }
        return columns;
    }
}
