package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Working arrays of one {@link GbsaObc} evaluation, reused by one thread. Pair arrays are indexed by pair
 * p of i &lt; j in row order; directed arrays hold i → j at p and j → i at p + pairs. Flat arrays let the JIT
 * vectorize the arithmetic passes.
 */
final class GbScratch {
    final double[] invLower; // HCT 1/L per directed pair
    final double[] invUpper; // HCT 1/U per directed pair
    final double[] log; // HCT L/U, then ln(L/U), per directed pair
    final double[] integral; // HCT I_ij per directed pair
    final double[] slope; // dI_ij/dr per directed pair
    final int[] near; // the directed pairs whose spheres overlap
    final double[] bornProduct; // B_i B_j per pair
    final double[] exponent; // r²/(4 B_i B_j) per pair
    final double[] exp; // exp(-r²/(4 B_i B_j)) per pair
    final double[] pairEnergy; // GB energy per pair
    final double[] dEdBB; // dE/d(B_i B_j) per pair
    final double[] born; // per atom from here on
    final double[] inverseBorn;
    final double[] quarterInverseBorn;
    final double[] sum; // Σ_j I_ij
    final double[] bornChain; // dB_i/dI_i
    final double[] dEdB; // dE/dB_i, then dE/dI_i

    GbScratch(int atoms) {
        int pairs = atoms * (atoms - 1) / 2;
        invLower = new double[2 * pairs];
        invUpper = new double[2 * pairs];
        log = new double[2 * pairs];
        integral = new double[2 * pairs];
        slope = new double[2 * pairs];
        near = new int[2 * pairs];
        bornProduct = new double[pairs];
        exponent = new double[pairs];
        exp = new double[pairs];
        pairEnergy = new double[pairs];
        dEdBB = new double[pairs];
        born = new double[atoms];
        inverseBorn = new double[atoms];
        quarterInverseBorn = new double[atoms];
        sum = new double[atoms];
        bornChain = new double[atoms];
        dEdB = new double[atoms];
    }
}
