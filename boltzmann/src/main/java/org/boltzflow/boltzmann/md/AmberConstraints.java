package org.boltzflow.boltzmann.md;

import java.util.HashMap;
import java.util.Map;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.amber.Prmtop;

/** Constraints built from an AMBER prmtop: bonds to hydrogen at the force field's equilibrium lengths. */
public final class AmberConstraints {

    private AmberConstraints() {}

    /** Every bond to a hydrogen, at its prmtop equilibrium length {@code r0} (converted to nm). */
    public static BondConstraints hydrogenBonds(Prmtop prmtop) {
        Map<Long, Double> lengths = new HashMap<>();
        for (Prmtop.Bond bond : prmtop.bonds()) {
            lengths.put(key(bond.i(), bond.j()), prmtop.bondR0()[bond.type()] * Units.NM_PER_ANGSTROM);
        }
        return BondConstraints.hydrogenBonds(prmtop.topology(), (i, j) -> lengths.get(key(i, j)));
    }

    private static long key(int i, int j) {
        return (long) Math.min(i, j) << 32 | Math.max(i, j);
    }
}
