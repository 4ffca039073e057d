package org.boltzflow.boltzmann.analysis;

import java.util.List;

/**
 * The backbone dihedrals and conformational basins of alanine dipeptide (ACE-ALA-NME in the atom order of
 * {@code data/alanine-dipeptide/}). The four basins partition the Ramachandran torus (radians):
 * C7eq/β: φ ∈ [-π, 0), ψ ∈ [0.9, -2.6) (wrapping); αR: φ ∈ [-π, 0), ψ ∈ [-2.6, 0.9);
 * αL: φ ∈ [0, π), ψ ∈ [-0.5, 2.6); C7ax: φ ∈ [0, π), ψ ∈ [2.6, -0.5) (wrapping).
 */
public final class AlanineDipeptide {
    /** φ = C(ACE)-N-CA-C. */
    public static final Dihedral PHI = new Dihedral("phi", 4, 6, 8, 14);
    /** ψ = N-CA-C-N(NME). */
    public static final Dihedral PSI = new Dihedral("psi", 6, 8, 14, 16);
    /** The extended C7eq/β basin. */
    public static final TorusRegion C7EQ_BETA = new TorusRegion("C7eq/beta", -Math.PI, 0, 0.9, -2.6);
    /** The right-handed helix basin. */
    public static final TorusRegion ALPHA_R = new TorusRegion("alphaR", -Math.PI, 0, -2.6, 0.9);
    /** The left-handed helix basin. */
    public static final TorusRegion ALPHA_L = new TorusRegion("alphaL", 0, Math.PI, -0.5, 2.6);
    /** The axial C7 basin. */
    public static final TorusRegion C7AX = new TorusRegion("C7ax", 0, Math.PI, 2.6, -0.5);
    /** All four basins. */
    public static final List<TorusRegion> BASINS = List.of(C7EQ_BETA, ALPHA_R, ALPHA_L, C7AX);

    private AlanineDipeptide() {}
}
