package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * The MMFFPROP row of one numeric MMFF94 atom type: element, coordination ({@code crd}), valence ({@code val}), lone
 * pair that can conjugate ({@code pilp}), multiple-bond order ({@code mltb}), aromatic, linear, and whether a single
 * bond from it to a like atom is a "single bond between multiple bonds" ({@code sbmb}).
 */
record MmffTypeProperties(int atomicNumber, int crd, int val, boolean pilp, int mltb, boolean aromatic,
        boolean linear, boolean sbmb) {}
