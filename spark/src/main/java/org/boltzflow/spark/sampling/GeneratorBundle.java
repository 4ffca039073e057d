package org.boltzflow.spark.sampling;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.io.FlowIO;

/**
 * A trained generator and its system as bytes, to broadcast to Spark executors: the saved flow ({@code name.json}
 * and its parameter file, as {@link FlowIO} wrote them), the AMBER prmtop, the solvent model and the temperature.
 * Executors rebuild the flow and the force field from it without reading any shared file system.
 */
public record GeneratorBundle(String modelName, byte[] modelJson, String paramsName, byte[] params, String prmtopName,
        byte[] prmtop, String solvent, double temperature) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reads the flow saved as {@code modelDir/name.*} and the prmtop; checks the solvent and temperature. */
    public static GeneratorBundle read(Path modelDir, String name, Path prmtopFile, String solvent,
            double temperature) throws IOException {
        Solvent.parse(solvent);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be positive, got " + temperature + " K");
        }
        Path jsonFile = modelDir.resolve(name + ".json");
        if (!Files.exists(jsonFile)) {
            throw new IOException(jsonFile + ": no saved model here");
        }
        byte[] json = Files.readAllBytes(jsonFile);
        JsonObject description = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
        String paramsName = description.has("paramsFile") ? description.get("paramsFile").getAsString()
                : name + ".params";
        return new GeneratorBundle(name, json, paramsName, Files.readAllBytes(modelDir.resolve(paramsName)),
                prmtopFile.getFileName().toString(), Files.readAllBytes(prmtopFile), solvent, temperature);
    }

    /** The flow, with its arrays in {@code manager}. */
    public NormalizingFlow flow(NDManager manager) throws IOException {
        Path dir = Files.createTempDirectory("boltzflow-model");
        try {
            Files.write(dir.resolve(modelName + ".json"), modelJson);
            Files.write(dir.resolve(paramsName), params);
            return FlowIO.load(dir, modelName, manager, NormalizingFlow.class);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The system's AMBER force field. */
    public AmberForceField forceField() {
        String text = new String(prmtop, StandardCharsets.UTF_8);
        return AmberForceField.create(PrmtopReader.read(prmtopName, text.lines().toList()),
                Solvent.parse(solvent));
    }
}
