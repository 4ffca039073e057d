package org.boltzflow.examples.generator;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.topology.Atom;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * What a trained model was made for, saved beside it as {@code system.json}: the prmtop it was trained on, the atom
 * count and a SHA-256 of the topology (atom names, elements, residues, bonds), so that sampling with another
 * system is refused before any work, naming both.
 */
record SystemFingerprint(String prmtop, int atoms, String topologySha256) {
    private static final Gson GSON = new Gson();

    /** The fingerprint of {@code config}'s system as loaded in {@code forceField}. */
    static SystemFingerprint of(RunConfig config, AmberForceField forceField) {
        StringBuilder text = new StringBuilder();
        for (Atom a : forceField.topology().atoms()) {
            text.append(a.name()).append(',').append(a.element()).append(',').append(a.residueName()).append(',')
                    .append(a.residueIndex()).append(';');
        }
        for (int[] bond : forceField.topology().bonds()) {
            text.append(bond[0]).append('-').append(bond[1]).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return new SystemFingerprint(config.prmtop(), forceField.topology().atomCount(),
                    HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Reads {@code system.json}. */
    static SystemFingerprint read(Path file) throws IOException {
        if (Files.notExists(file)) {
            throw new IOException(file + ": missing; the model folder does not say which system it was trained for "
                    + "(train it again with this version)");
        }
        try {
            SystemFingerprint f = GSON.fromJson(Files.readString(file), SystemFingerprint.class);
            if (f == null || f.topologySha256() == null) {
                throw new IOException(file + ": not a system fingerprint");
            }
            return f;
        } catch (JsonParseException e) {
            throw new IOException(file + ": not a system fingerprint: " + e.getMessage(), e);
        }
    }

    /** Writes {@code system.json} atomically. */
    void write(Path file) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(this) + "\n");
    }

    /** Refuses {@code other} (the system asked for) unless it is this model's system. */
    void requireSame(SystemFingerprint other, Path modelDir) {
        if (atoms != other.atoms || !topologySha256.equals(other.topologySha256)) {
            throw new IllegalArgumentException("the model in " + modelDir + " was trained for " + prmtop + " ("
                    + atoms + " atoms), not for " + other.prmtop + " (" + other.atoms + " atoms, another topology)");
        }
    }
}
