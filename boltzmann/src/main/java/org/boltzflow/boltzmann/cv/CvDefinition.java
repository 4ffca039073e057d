package org.boltzflow.boltzmann.cv;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.boltzflow.boltzmann.topology.Topology;

/**
 * Collective variables and the named states defined on them, checked together: names unique, every state's
 * variables defined, no two states overlapping. Built from command-line specs ({@link CvSpecs}) or read from a JSON
 * file such as {@code data/alanine-dipeptide/phi-psi.json}:
 * <pre>{@code
 * {"variables": {"phi": {"kind": "dihedral", "atoms": ["ACE:C", "ALA:N", "ALA:CA", "ALA:C"]},
 *                "d":   {"kind": "distance", "atoms": [0, 21]},
 *                "rmsd": {"kind": "rmsd", "reference": "folded.pdb", "atoms": ["CA", "N", "C"]}},
 *  "states":    {"alphaR": {"phi": [-180, 0], "psi": [-149, 51.6]}}}
 * }</pre>
 * Ranges are in degrees for angles and nm for lengths; a reference file is relative to the JSON file's folder.
 */
public record CvDefinition(List<CollectiveVariable> variables, List<State> states) {
    private static final Set<String> TOP_KEYS = Set.of("variables", "states");
    private static final Set<String> VARIABLE_KEYS = Set.of("kind", "atoms", "reference");

    /** Checks names are unique, states use defined variables and do not overlap. */
    public CvDefinition {
        variables = List.copyOf(variables);
        states = List.copyOf(states);
        for (int i = 0; i < variables.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (variables.get(i).name().equals(variables.get(j).name())) {
                    throw new IllegalArgumentException("collective variable " + variables.get(i).name()
                            + " is defined twice");
                }
            }
        }
        for (int i = 0; i < states.size(); i++) {
            State s = states.get(i);
            for (Interval range : s.ranges()) {
                if (variables.stream().noneMatch(v -> v.name().equals(range.variable().name()))) {
                    throw new IllegalArgumentException("state " + s.name() + " uses " + range.variable().name()
                            + ", which is not among the collective variables");
                }
            }
            for (int j = 0; j < i; j++) {
                State t = states.get(j);
                if (s.name().equals(t.name())) {
                    throw new IllegalArgumentException("state " + s.name() + " is defined twice");
                }
                if (s.overlaps(t)) {
                    throw new IllegalArgumentException("states " + t.name() + " and " + s.name() + " overlap");
                }
            }
        }
    }

    /** Variables and states from {@code --cv} and {@code --state} texts; RMSD references relative to {@code base}. */
    public static CvDefinition parse(List<String> cvSpecs, List<String> stateSpecs, Topology topology, Path base) {
        List<CollectiveVariable> cvs = new ArrayList<>();
        for (String spec : cvSpecs) {
            cvs.add(CvSpecs.variable(spec, topology, base));
        }
        return new CvDefinition(cvs, List.of()).withStates(stateSpecs);
    }

    /** These variables with the states {@code stateSpecs} ({@code --state} texts) instead of the present ones. */
    public CvDefinition withStates(List<String> stateSpecs) {
        List<State> parsed = new ArrayList<>();
        for (String spec : stateSpecs) {
            parsed.add(CvSpecs.state(spec, this::variableOrNull));
        }
        return new CvDefinition(variables, parsed);
    }

    /** Reads a definition file (see the class comment); errors name the file and the key. */
    public static CvDefinition read(Path file, Topology topology) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException(file + ": not a JSON object: " + e.getMessage(), e);
        }
        requireKeys(root, TOP_KEYS, file + "");
        List<CollectiveVariable> cvs = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        for (Map.Entry<String, JsonElement> e : object(root, "variables", file + "").entrySet()) {
            String where = file + ": variables." + e.getKey();
            JsonObject v = asObject(e.getValue(), where);
            requireKeys(v, VARIABLE_KEYS, where);
            List<String> atoms = new ArrayList<>();
            if (v.has("atoms")) {
                JsonArray array = v.get("atoms").isJsonArray() ? v.getAsJsonArray("atoms") : null;
                if (array == null) {
                    throw new IllegalArgumentException(where + ".atoms: not a list of atoms");
                }
                array.forEach(a -> atoms.add(a.getAsString()));
            }
            cvs.add(CvSpecs.create(e.getKey(), string(v, "kind", where), atoms,
                    v.has("reference") ? string(v, "reference", where) : null, topology, base, where));
        }
        CvDefinition definition = new CvDefinition(cvs, List.of());
        List<State> states = new ArrayList<>();
        JsonObject given = root.has("states") ? object(root, "states", file + "") : new JsonObject();
        for (Map.Entry<String, JsonElement> e : given.entrySet()) {
            String where = file + ": states." + e.getKey();
            List<Interval> ranges = new ArrayList<>();
            for (Map.Entry<String, JsonElement> r : asObject(e.getValue(), where).entrySet()) {
                String key = where + "." + r.getKey();
                CollectiveVariable cv = CvSpecs.known(r.getKey(), definition::variableOrNull, key);
                JsonElement bounds = r.getValue();
                if (!bounds.isJsonArray() || bounds.getAsJsonArray().size() != 2) {
                    throw new IllegalArgumentException(key + ": not a range [lo, hi]");
                }
                ranges.add(CvSpecs.range(cv, number(bounds.getAsJsonArray().get(0), key),
                        number(bounds.getAsJsonArray().get(1), key), key));
            }
            states.add(CvSpecs.state(e.getKey(), ranges, where));
        }
        try {
            return new CvDefinition(cvs, states);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The variable called {@code name}, or an error naming the known ones. */
    public CollectiveVariable variable(String name) {
        CollectiveVariable cv = variableOrNull(name);
        if (cv == null) {
            throw new IllegalArgumentException("unknown collective variable '" + name + "'; known: "
                    + variables.stream().map(CollectiveVariable::name).toList());
        }
        return cv;
    }

    /** The state called {@code name}, or an error naming the known ones. */
    public State state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown state '" + name + "'; known: "
                        + states.stream().map(State::name).toList()));
    }

    private CollectiveVariable variableOrNull(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }

    private static void requireKeys(JsonObject json, Set<String> known, String where) {
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'; known: "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static JsonObject object(JsonObject json, String key, String where) {
        if (!json.has(key)) {
            throw new IllegalArgumentException(where + ": missing key '" + key + "'");
        }
        return asObject(json.get(key), where + ": " + key);
    }

    private static JsonObject asObject(JsonElement element, String where) {
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException(where + ": not a JSON object");
        }
        return element.getAsJsonObject();
    }

    private static String string(JsonObject json, String key, String where) {
        JsonElement value = json.get(key);
        if (value == null || !value.isJsonPrimitive()) {
            throw new IllegalArgumentException(where + "." + key + ": missing or not a string");
        }
        return value.getAsString();
    }

    private static double number(JsonElement element, String where) {
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where + ": '" + element + "' is not a number");
        }
        return element.getAsDouble();
    }
}
