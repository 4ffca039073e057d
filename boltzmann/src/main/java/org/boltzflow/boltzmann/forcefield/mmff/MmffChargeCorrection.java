package org.boltzflow.boltzmann.forcefield.mmff;

/**
 * Corrects two departures of CDK 2.11's MMFF94 partial charges from MMFF94 (and RDKit). (1) CDK takes bond class 0
 * for the bond-charge increment of a single bond from an aromatic atom to a conjugated non-aromatic one (aryl-C=O,
 * aryl-C=C), MMFF94 class 1. (2) CDK tabulates the fractional formal charges of guanidinium N and nitrate O as
 * +-0.333 instead of +-1/3. MMFF94 partial charges are linear in the increments and the formal charges (MMFF.V eq.
 * 15), so adding the differences, with the formal-charge sharing of MMFF.V, gives exactly the MMFF94 charges.
 */
final class MmffChargeCorrection {
    private MmffChargeCorrection() {}

    /** The molecule with its charges corrected (the same instance when no bond needs it). */
    static MmffMolecule apply(MmffMolecule molecule, MmffParameters parameters) {
        double[] charges = molecule.charges().clone();
        boolean changed = false;
        int[] types = molecule.types();
        for (int b = 0; b < molecule.bonds().length; b++) {
            int i = molecule.bonds()[b][0];
            int j = molecule.bonds()[b][1];
            MmffTypeProperties pi = parameters.properties(types[i]);
            MmffTypeProperties pj = parameters.properties(types[j]);
            int order = molecule.orders()[b];
            boolean aromatic = molecule.aromatic()[b];
            int mmff = MmffBondClass.of(pi, pj, order, aromatic);
            int cdk = MmffBondClass.asCdkCharges(pi, pj, order, aromatic);
            if (mmff != cdk) {
                charges[i] += parameters.chargeIncrement(mmff, types[i], types[j])
                        - parameters.chargeIncrement(cdk, types[i], types[j]);
                charges[j] += parameters.chargeIncrement(mmff, types[j], types[i])
                        - parameters.chargeIncrement(cdk, types[j], types[i]);
                changed = true;
            }
        }
        int[][] neighbors = molecule.neighbors();
        for (int i = 0; i < charges.length; i++) {
            double delta = molecule.formalChargeRounding()[i];
            if (delta == 0.0) {
                continue;
            }
            double share = parameters.formalChargeSharing(types[i]);
            charges[i] += (1 - parameters.properties(types[i]).crd() * share) * delta;
            for (int n : neighbors[i]) {
                double nbrShare = parameters.formalChargeSharing(types[n]);
                charges[n] += nbrShare * delta;
                if (nbrShare == 0.0 && delta < 0) {
                    charges[n] += delta / (2.0 * neighbors[i].length);
                }
            }
            changed = true;
        }
        return changed ? molecule.withCharges(charges) : molecule;
    }
}
