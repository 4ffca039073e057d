package org.boltzflow.boltzmann.forcefield.amber;

/**
 * Working arrays of one {@link GbsaObc} evaluation, reused by one thread. Pair arrays are indexed by pair
 * p of i &lt; j in row order; directed arrays hold i → j at p and j → i at p + pairs. Flat arrays let the JIT
 * vectorize the arithmetic passes.
 */
final class GbScratch {
    final double[] invLower; // HCT 1/L per directed pair
    final double[] invUpper; // HCT 1/U per directed pair
    final double[] log; // HCT L/U, then ln(L/U), then ln(L/U)/r, per directed pair
    final double[] integral; // HCT I_ij per directed pair
    final double[] slope; // dI_ij/dr per directed pair
    final double[] step; // dL/dr per directed pair where it is 0 or 1
    final double[] shape; // HCT r - s²/r, then ∂I/∂L, per directed pair
    final double[] squares; // HCT 1/U² - 1/L² per directed pair
    final double[] bornProduct; // B_i B_j per pair, then 1/f² of the GB energy
    final double[] exponent; // r²/(4 B_i B_j) per pair
    final double[] exp; // exp(-r²/(4 B_i B_j)) per pair
    final double[] pairEnergy; // GB energy per pair
    final double[] dEdBB; // dE/d(B_i B_j) per pair
    final double[] born; // per atom from here on
    final double[] inverseBorn;
    final double[] quarterInverseBorn;
    final double[] sum; // Σ_j I_ij
    final double[] psi; // ψ_i = ρ_i Σ_j I_ij
    final double[] twiceArgument; // 2x, x = αψ - βψ² + γψ³
    final double[] tanh; // e^-2x, then tanh x
    final double[] bornChain; // dB_i/dI_i
    final double[] dEdB; // dE/dB_i, then dE/dI_i

    GbScratch(int atoms) {
        int pairs = atoms * (atoms - 1) / 2;
        invLower = new double[2 * pairs];
        invUpper = new double[2 * pairs];
        log = new double[2 * pairs];
        integral = new double[2 * pairs];
        slope = new double[2 * pairs];
        step = new double[2 * pairs];
        shape = new double[2 * pairs];
        squares = new double[2 * pairs];
        bornProduct = new double[pairs];
        exponent = new double[pairs];
        exp = new double[pairs];
        pairEnergy = new double[pairs];
        dEdBB = new double[pairs];
        born = new double[atoms];
        inverseBorn = new double[atoms];
        quarterInverseBorn = new double[atoms];
        sum = new double[atoms];
        psi = new double[atoms];
        twiceArgument = new double[atoms];
        tanh = new double[atoms];
        bornChain = new double[atoms];
        dEdB = new double[atoms];
    }
}
