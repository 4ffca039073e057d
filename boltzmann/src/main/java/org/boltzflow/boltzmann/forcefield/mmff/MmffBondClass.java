package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * The MMFF94 bond class (0 or 1) of a bond: 1 for a single, non-aromatic bond joining two atoms whose types both
 * allow a "single bond between multiple bonds" (sbmb) or are both aromatic. CDK 2.11 computes the class for its
 * bond-charge increments with a narrower rule (sbmb only between non-aromatic types), which is kept here to undo it.
 */
final class MmffBondClass {
    private MmffBondClass() {}

    /** The MMFF94 bond class, as parameters and charges use it. */
    static int of(MmffTypeProperties a, MmffTypeProperties b, int order, boolean aromaticBond) {
        boolean single = order == 1 && !aromaticBond;
        return single && ((a.sbmb() && b.sbmb()) || (a.aromatic() && b.aromatic())) ? 1 : 0;
    }

    /** The class CDK 2.11's {@code Mmff.partialCharges} uses for the same bond. */
    static int asCdkCharges(MmffTypeProperties a, MmffTypeProperties b, int order, boolean aromaticBond) {
        boolean conjugated = order == 1 && !a.aromatic() && a.sbmb() && !b.aromatic() && b.sbmb();
        boolean biaryl = order == 1 && !aromaticBond && a.aromatic() && b.aromatic();
        return conjugated || biaryl ? 1 : 0;
    }
}
