package org.boltzflow.boltzmann.forcefield.mmff;

import java.util.ArrayList;
import java.util.List;
import org.openscience.cdk.forcefield.mmff.Mmff;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IBond;

/**
 * MMFF94 atom types, partial charges and MMFF aromaticity of a CDK molecule, from CDK's {@link Mmff}
 * ({@code assignAtomTypes}, {@code partialCharges}). The molecule needs explicit hydrogens; it is typed on a copy, so
 * the caller's container is left as it was.
 */
final class MmffTyping {
    /** The bond property CDK sets to true on MMFF-aromatic bonds in {@code assignAtomTypes}. */
    private static final String CDK_AROMATIC_PROPERTY = "mmff.arom";

    private MmffTyping() {}

    /**
     * Types a molecule.
     *
     * @throws MmffTypingException naming the atoms CDK could not type, or why typing is impossible
     */
    static MmffMolecule type(IAtomContainer molecule) {
        IAtomContainer mol;
        try {
            mol = molecule.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("cannot copy the molecule for typing", e);
        }
        checkHydrogens(mol);
        Mmff mmff = new Mmff();
        boolean typed = mmff.assignAtomTypes(mol);
        MmffParameters parameters = MmffParameters.standard();
        int n = mol.getAtomCount();
        int[] types = new int[n];
        int[] elements = new int[n];
        List<String> untyped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IAtom atom = mol.getAtom(i);
            elements[i] = atom.getAtomicNumber();
            types[i] = parameters.numericType(atom.getAtomTypeName());
            if (types[i] <= 0) {
                untyped.add(atom.getSymbol() + (i + 1) + " (" + atom.getAtomTypeName() + ")");
            }
        }
        if (!typed || !untyped.isEmpty()) {
            throw new MmffTypingException("CDK cannot assign MMFF94 types to atom(s) " + String.join(", ", untyped));
        }
        if (!mmff.partialCharges(mol)) {
            throw new MmffTypingException("CDK cannot assign MMFF94 partial charges");
        }
        double[] charges = new double[n];
        double[] rounding = new double[n];
        for (int i = 0; i < n; i++) {
            charges[i] = mol.getAtom(i).getCharge();
            String symbolic = mol.getAtom(i).getAtomTypeName();
            rounding[i] = symbolic.equals("NGD+") ? 1.0 / 3 - 0.333 : symbolic.equals("O3N") ? 0.333 - 1.0 / 3 : 0.0;
        }
        int[][] bonds = new int[mol.getBondCount()][];
        int[] orders = new int[bonds.length];
        boolean[] aromatic = new boolean[bonds.length];
        for (int b = 0; b < bonds.length; b++) {
            IBond bond = mol.getBond(b);
            bonds[b] = new int[] {bond.getBegin().getIndex(), bond.getEnd().getIndex()};
            if (bond.getOrder() == null || bond.getOrder() == IBond.Order.UNSET || bond.getOrder().numeric() > 3) {
                throw new MmffTypingException("bond " + (b + 1) + " between atoms " + (bonds[b][0] + 1) + " and "
                        + (bonds[b][1] + 1) + " has no single/double/triple order (kekulize the input)");
            }
            orders[b] = bond.getOrder().numeric();
            aromatic[b] = Boolean.TRUE.equals(bond.getProperty(CDK_AROMATIC_PROPERTY));
        }
        mmff.clearProps(mol);
        return new MmffMolecule(elements, types, charges, bonds, orders, aromatic, rounding);
    }

    private static void checkHydrogens(IAtomContainer mol) {
        for (int i = 0; i < mol.getAtomCount(); i++) {
            IAtom atom = mol.getAtom(i);
            Integer implicit = atom.getImplicitHydrogenCount();
            if (implicit != null && implicit > 0) {
                throw new MmffTypingException("atom " + (i + 1) + " (" + atom.getSymbol() + ") has " + implicit
                        + " implicit hydrogen(s); MMFF94 needs every hydrogen as an explicit atom with coordinates");
            }
            atom.setImplicitHydrogenCount(0);
        }
    }
}
