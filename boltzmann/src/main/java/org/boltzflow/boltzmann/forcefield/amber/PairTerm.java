package org.boltzflow.boltzmann.forcefield.amber;

/**
 * An energy term that depends on the atom pairs' distances only (nonbonded, GB): it reads a {@link PairGeometry}
 * and adds -dE/dr / r to its {@link PairGeometry#radial}, so that several such terms share one measurement and one
 * force pass.
 */
abstract class PairTerm extends GeometryTerm<PairGeometry> {
    private final PairList pairs;

    /** A term over the pairs of {@code pairs}, which its geometry must hold. */
    PairTerm(PairList pairs) {
        super(() -> new PairGeometry(pairs));
        this.pairs = pairs;
    }

    /** The pairs this term's geometry must measure. */
    final PairList pairs() {
        return pairs;
    }
}
