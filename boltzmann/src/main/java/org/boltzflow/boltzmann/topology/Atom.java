package org.boltzflow.boltzmann.topology;

/**
 * One atom of a molecular system: its name (e.g. {@code CA}), element symbol (e.g. {@code C}), mass in amu, and
 * the residue it belongs to (name and zero-based index).
 */
public record Atom(String name, String element, double mass, String residueName, int residueIndex) {}
