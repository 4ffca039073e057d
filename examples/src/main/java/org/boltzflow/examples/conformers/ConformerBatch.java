package org.boltzflow.examples.conformers;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.boltzflow.boltzmann.conformers.ConformerEnsemble;
import org.boltzflow.boltzmann.conformers.ConformerSearch;
import org.boltzflow.boltzmann.conformers.Deadline;
import org.boltzflow.boltzmann.conformers.ConformerSettings;
import org.boltzflow.boltzmann.conformers.MoleculeInput;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.report.Metrics;
import org.boltzflow.report.RunDirectory;
import org.boltzflow.flows.io.AtomicFiles;

/**
 * Conformer searches for a list of molecules, one after another. One molecule writes into the output folder
 * itself; several write into {@code <index>-<name>/} sub-folders and a {@code summary.csv} with one row per
 * molecule (a failed one with its reason, e.g. {@code timed out after 60 s}; the others go on). A molecule whose
 * folder already holds {@code metrics.json} is finished and skipped; a failed one writes none, so a rerun retries it.
 */
public final class ConformerBatch {
    private static final String HEADER = "index,name,smiles,status,reason,conformers,top_population,"
            + "lowest_energy_kj_mol,ess,invalid_draws,seconds,folder";

    private final ConformerSettings settings;
    private final String preset;
    private final long seed;
    private final double timeout;
    private final PrintWriter log;

    /** One molecule to search: its position, label, and how to prepare it (which may fail with a reason). */
    public record Entry(int index, String name, Supplier<MoleculeInput> input) {}

    /** The outcome counts of a batch. */
    public record Outcome(int finished, int skipped, int failed) {}

    /**
     * A batch with these settings, preset name (for the metrics), seed (the same for every molecule), time limit
     * per molecule in seconds (infinity: none) and log.
     */
    public ConformerBatch(ConformerSettings settings, String preset, long seed, double timeout, PrintWriter log) {
        this.settings = settings;
        this.preset = preset;
        this.seed = seed;
        this.timeout = timeout;
        this.log = log;
    }

    /** The entries of SMILES strings (first) and the records of an SDF file (may be null). */
    public static List<Entry> entries(List<String> smiles, Path sdf, boolean keepFragments) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String s : smiles) {
            entries.add(new Entry(entries.size(), s, () -> MoleculeInput.fromSmiles(s, s, keepFragments)));
        }
        if (sdf != null) {
            for (MoleculeSdf.Record r : MoleculeSdf.read(sdf)) {
                String name = r.name().isBlank() ? "record " + r.index() : r.name();
                entries.add(new Entry(entries.size(), name,
                        () -> MoleculeInput.fromRecord(name, r.molecule(), keepFragments)));
            }
        }
        return entries;
    }

    /**
     * Runs every entry into {@code out}.
     *
     * @throws IllegalArgumentException for a single molecule that fails (several: named in the summary)
     */
    public Outcome run(Path out, List<Entry> entries) throws IOException {
        boolean single = entries.size() == 1;
        List<String> rows = new ArrayList<>();
        int finished = 0;
        int skipped = 0;
        int failed = 0;
        for (Entry entry : entries) {
            String folder = single ? "." : entry.index() + "-" + safe(entry.name());
            Path folderPath = single ? out : out.resolve(folder);
            String label = "[" + (entry.index() + 1) + "/" + entries.size() + "] " + entry.name();
            Path done = folderPath.resolve("metrics.json");
            Metrics metrics;
            if (Files.exists(done)) {
                metrics = Metrics.read(done);
                log.println(label + ": finished earlier, skipped");
                skipped++;
            } else {
                try {
                    MoleculeInput input = entry.input().get();
                    input.warnings().forEach(w -> log.println(label + ": warning: " + w));
                    ConformerEnsemble ensemble = ConformerSearch.run(input, settings, seed, Deadline.after(timeout));
                    metrics = ConformerReport.write(RunDirectory.create(folderPath, "conformers"), ensemble,
                            settings.window(), preset, seed);
                    log.printf(Locale.ROOT, "%s: %d conformers within %.1f kJ/mol, top population %.3f, %.1f s%n",
                            label, ((Number) metrics.get("conformers")).intValue(), settings.window(),
                            (Double) metrics.get("top_population"), ensemble.seconds());
                    finished++;
                } catch (IllegalArgumentException | Deadline.Exceeded e) {
                    if (single) {
                        throw e instanceof Deadline.Exceeded timedOut ? timedOut
                                : new IllegalArgumentException(entry.name() + ": " + e.getMessage(), e);
                    }
                    log.println(label + ": failed: " + e.getMessage());
                    metrics = new Metrics().put("status", "failed").put("reason", e.getMessage());
                    failed++;
                }
            }
            rows.add(row(entry, folder, metrics));
        }
        if (!single) {
            AtomicFiles.writeString(out.resolve("summary.csv"), HEADER + "\n" + String.join("\n", rows) + "\n");
        }
        return new Outcome(finished, skipped, failed);
    }

    private static String row(Entry entry, String folder, Metrics m) {
        List<String> cells = new ArrayList<>();
        cells.add(Integer.toString(entry.index()));
        cells.add(entry.name());
        cells.add(text(m.get("smiles")));
        cells.add(text(m.get("status")));
        cells.add(text(m.get("reason")));
        for (String key : List.of("conformers", "top_population", "lowest_energy_kj_mol", "ess", "invalid_draws",
                "seconds")) {
            Object v = m.get(key);
            cells.add(v instanceof Number n ? number(key, n) : "");
        }
        cells.add(folder);
        return String.join(",", cells.stream().map(ConformerBatch::csv).toList());
    }

    private static String number(String key, Number n) {
        return key.equals("conformers") || key.equals("invalid_draws") ? Long.toString(Math.round(n.doubleValue()))
                : String.format(Locale.ROOT, "%.6g", n.doubleValue());
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    /** A folder-safe version of a name: letters, digits, dot, dash and underscore, at most 40 characters. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        s = s.isEmpty() ? "molecule" : s;
        return s.length() > 40 ? s.substring(0, 40) : s;
    }
}
