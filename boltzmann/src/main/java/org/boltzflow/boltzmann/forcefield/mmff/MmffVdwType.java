package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * The buffered 14-7 van der Waals parameters of one MMFF94 atom type (MMFFVDW): polarizability {@code alpha},
 * effective electron number {@code n}, scale factors {@code a} and {@code g}, and the donor/acceptor class
 * ({@code 'D'}, {@code 'A'} or {@code '-'}).
 */
record MmffVdwType(double alpha, double n, double a, double g, char donorAcceptor) {
    /** The like-pair minimum-energy separation R*ii = A alpha^(1/4), in Angstrom. */
    double rStar() {
        return a * Math.pow(alpha, 0.25);
    }
}
