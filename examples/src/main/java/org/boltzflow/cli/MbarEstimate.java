package org.boltzflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.boltzflow.boltzmann.cv.State;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ReducedEnergies;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.Prmtop;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.io.Trajectory;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.report.Metrics;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.mcmc.estimators.Mbar;
import org.boltzflow.mcmc.estimators.Timeseries;
import org.boltzflow.report.FreeEnergyPlots;

/**
 * {@code estimate --mbar}: MBAR over pymbar's own inputs ({@code --u-kn}, {@code --n-k}) or over sample sets with
 * their thermodynamic states ({@code --set FILE,T[,SOLVENT]}, {@code --eval T[,SOLVENT]}). Writes f_k, their
 * uncertainties relative to state 0 (as pymbar's {@code getFreeEnergyDifferences}) and the overlap matrix; with
 * states of CVs, their population in every thermodynamic state; with {@code --pmf}, the free-energy surface in the
 * first evaluated state (else the first sampled one) from the MBAR weights of the pooled samples. Warns, showing
 * the overlap matrix, when a state barely overlaps the others, and refuses when one does not overlap at all.
 */
final class MbarEstimate {
    private static final double POOR_OVERLAP = 0.03;
    private static final double NO_OVERLAP = 1e-9;
    private static final double FEW_EFFECTIVE = 20;

    private final EstimateCommand options;
    private final PrintWriter console;

    MbarEstimate(EstimateCommand options, PrintWriter console) {
        this.options = options;
        this.console = console;
    }

    Metrics run() throws IOException {
        boolean pymbarInput = options.uKn != null || options.nK != null;
        if (pymbarInput == (options.sets != null)) {
            throw new IllegalArgumentException("--mbar needs either --u-kn and --n-k (pymbar's arrays) or --set "
                    + "sample sets with --prmtop");
        }
        return pymbarInput ? fromArrays() : fromSets();
    }

    private Metrics fromArrays() throws IOException {
        if (options.pmf != null) {
            throw new IllegalArgumentException("--pmf with --mbar needs --set sample sets (coordinates), not --u-kn");
        }
        NpyArray u = Npy.read(EstimateCommand.require(options.uKn, "--u-kn"));
        NpyArray n = Npy.read(EstimateCommand.require(options.nK, "--n-k"));
        if (u.shape().length != 2) {
            throw new IllegalArgumentException(options.uKn + ": u_kn must be 2-dimensional (K states x N samples), "
                    + "got shape " + java.util.Arrays.toString(u.shape()));
        }
        int k = u.shape()[0];
        int samples = u.shape()[1];
        if (n.data().length != k) {
            throw new IllegalArgumentException(options.nK + ": " + n.data().length + " sample counts for the " + k
                    + " states of " + options.uKn);
        }
        int[] counts = new int[k];
        for (int i = 0; i < k; i++) {
            double c = n.data()[i];
            if (!(c >= 0) || c != Math.rint(c)) {
                throw new IllegalArgumentException(options.nK + ": count of state " + i + " is " + c
                        + ", not a whole number >= 0");
            }
            counts[i] = (int) c;
        }
        double[][] matrix = new double[k][];
        for (int i = 0; i < k; i++) {
            matrix[i] = java.util.Arrays.copyOfRange(u.data(), i * samples, (i + 1) * samples);
        }
        Decorrelated kept = decorrelated(matrix, counts);
        Mbar mbar = solve(kept.u(), kept.counts(), options.uKn.toString());
        Metrics metrics = results(mbar, null);
        kept.report(metrics);
        if (options.observable != null) {
            double[] all = Npy.read(options.observable).data();
            if (all.length != samples) {
                throw new IllegalArgumentException(options.observable + ": " + all.length + " values for the "
                        + samples + " samples of " + options.uKn);
            }
            double[] a = kept.select(all);
            Estimate[] expected = mbar.expectations(a);
            double[] mu = new double[k];
            double[] sigma = new double[k];
            for (int i = 0; i < k; i++) {
                mu[i] = expected[i].value();
                sigma[i] = expected[i].stdError();
                console.printf("  <A>_%d = %s%n", i, expected[i]);
            }
            metrics.put("observable_mean", mu).put("observable_err", sigma);
        }
        return metrics;
    }

    private Metrics fromSets() throws IOException {
        Prmtop prm = PrmtopReader.read(EstimateCommand.require(options.system.prmtop, "--prmtop"));
        Map<Solvent, AmberForceField> models = new LinkedHashMap<>();
        List<ThermodynamicState> states = new ArrayList<>();
        List<Trajectory> sets = new ArrayList<>();
        for (String spec : options.sets) {
            String[] parts = spec.split(",");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("--set '" + spec + "' is not FILE,TEMPERATURE[,SOLVENT]");
            }
            ThermodynamicState state = state(parts, 1, spec, "--set", prm, models);
            states.add(state);
            sets.add(CoordinateFiles.read(Path.of(parts[0].trim()), ((AmberForceField) state.model()).topology()));
        }
        for (String spec : options.evaluated == null ? List.<String>of() : options.evaluated) {
            String[] parts = spec.split(",");
            if (parts.length > 2) {
                throw new IllegalArgumentException("--eval '" + spec + "' is not TEMPERATURE[,SOLVENT]");
            }
            states.add(state(parts, 0, spec, "--eval", prm, models));
        }
        ReducedEnergies.Matrix m = ReducedEnergies.of(states, sets, options.system.threads);
        Decorrelated kept = decorrelated(m.u(), m.counts());
        if (options.decorrelate) {
            sets = kept.frames(sets);
        }
        Mbar mbar = solve(kept.u(), kept.counts(), "the sample sets");
        Metrics metrics = results(mbar, states);
        kept.report(metrics);
        if (options.cvs != null || options.cvFile != null || options.states != null) {
            List<State> cv = options.definition(models.values().iterator().next()).states();
            Map<String, Estimate[]> populations = populations(mbar, states, sets, cv);
            Map<String, Map<String, double[]>> json = new LinkedHashMap<>();
            populations.forEach((name, p) -> json.put(name, Map.of("value",
                    java.util.Arrays.stream(p).mapToDouble(Estimate::value).toArray(), "error",
                    java.util.Arrays.stream(p).mapToDouble(Estimate::stdError).toArray())));
            metrics.put("populations", json);
            if (options.out != null) {
                double[] t = states.stream().mapToDouble(ThermodynamicState::temperature).toArray();
                FreeEnergyPlots.populations(FreeEnergyOutputs.sibling(options.out, ".populations.png"),
                        "state populations by MBAR", t, populations);
            }
        }
        if (options.pmf != null) {
            int k = options.evaluated == null || options.evaluated.isEmpty() ? 0 : sets.size();
            ThermodynamicState at = states.get(k);
            console.printf("PMF in state %d (%.1f K) from MBAR weights of the %d pooled samples%n", k,
                    at.temperature(), mbar.samples());
            WeightedEnsemble weighted = WeightedEnsemble.of(pooled(sets), sets.get(0).atomCount(),
                    mbar.logWeights(k));
            FreeEnergyOutputs.pmf(weighted, options.definition((AmberForceField) at.model()), options.pmf,
                    options.bins, at, options.seed, options.requireOut("--pmf"), console);
            metrics.put("pmf_state", k);
        }
        return metrics;
    }

    /**
     * The samples MBAR uses: all of them, or with {@code --decorrelate}, per sampled state those after its
     * equilibration, subsampled to about one per statistical inefficiency of its own reduced energy.
     */
    private Decorrelated decorrelated(double[][] u, int[] counts) {
        int total = u[0].length;
        if (!options.decorrelate || java.util.Arrays.stream(counts).sum() != total) {
            // without --decorrelate, or with counts that do not add up (Mbar.solve refuses those, naming both)
            return new Decorrelated(u, counts, java.util.stream.IntStream.range(0, total).toArray(), null);
        }
        List<Integer> columns = new ArrayList<>();
        int[] kept = new int[counts.length];
        List<Map<String, Object>> perState = new ArrayList<>();
        for (int k = 0, offset = 0; k < counts.length; offset += counts[k], k++) {
            if (counts[k] < 2) {
                for (int i = 0; i < counts[k]; i++) {
                    columns.add(offset + i);
                }
                kept[k] = counts[k];
                continue;
            }
            double[] own = java.util.Arrays.copyOfRange(u[k], offset, offset + counts[k]);
            Timeseries.Equilibration e;
            try {
                e = Timeseries.detectEquilibration(own, Math.max(1, counts[k] / 2000));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("--decorrelate: the samples of state " + k + ": "
                        + bad.getMessage(), bad);
            }
            int[] indices = Timeseries.uncorrelatedIndices(counts[k] - e.start(), e.inefficiency(), false);
            for (int i : indices) {
                columns.add(offset + e.start() + i);
            }
            kept[k] = indices.length;
            console.printf("state %d: equilibrated from sample %d, statistical inefficiency %.2f, %d of %d samples "
                    + "kept%n", k, e.start(), e.inefficiency(), indices.length, counts[k]);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("state", k);
            entry.put("samples", counts[k]);
            entry.put("start", e.start());
            entry.put("inefficiency", e.inefficiency());
            entry.put("kept", indices.length);
            perState.add(entry);
        }
        int[] chosen = columns.stream().mapToInt(Integer::intValue).toArray();
        double[][] subset = new double[u.length][chosen.length];
        for (int k = 0; k < u.length; k++) {
            for (int i = 0; i < chosen.length; i++) {
                subset[k][i] = u[k][chosen[i]];
            }
        }
        return new Decorrelated(subset, kept, chosen, perState);
    }

    /** The reduced energies and counts MBAR gets, the sample columns they came from, and the decorrelation. */
    private record Decorrelated(double[][] u, int[] counts, int[] columns, List<Map<String, Object>> perState) {
        /** The values of per-sample {@code all} at the kept samples. */
        double[] select(double[] all) {
            return java.util.Arrays.stream(columns).mapToDouble(i -> all[i]).toArray();
        }

        /** The kept frames of each sample set (the sets in state order, as the columns). */
        List<Trajectory> frames(List<Trajectory> sets) {
            List<Trajectory> out = new ArrayList<>();
            int offset = 0;
            int c = 0;
            for (Trajectory set : sets) {
                List<double[]> frames = new ArrayList<>();
                for (; c < columns.length && columns[c] < offset + set.frameCount(); c++) {
                    frames.add(set.frame(columns[c] - offset));
                }
                offset += set.frameCount();
                out.add(new Trajectory(set.atomCount(), frames));
            }
            return out;
        }

        void report(Metrics metrics) {
            if (perState != null) {
                metrics.put("decorrelated", perState);
            }
        }
    }

    private static ThermodynamicState state(String[] parts, int at, String spec, String option, Prmtop prm,
            Map<Solvent, AmberForceField> models) {
        double t;
        try {
            t = Double.parseDouble(parts[at].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + spec + "': '" + parts[at].trim()
                    + "' is not a temperature in K", e);
        }
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException(option + " '" + spec + "': temperature must be positive, got " + t);
        }
        Solvent solvent = Solvent.parse(parts.length > at + 1 ? parts[at + 1].trim() : "obc1");
        AmberForceField ff = models.computeIfAbsent(solvent, s -> AmberForceField.create(prm, s));
        return new ThermodynamicState(ff, t);
    }

    /**
     * Solves MBAR and checks its states: a sampled state that shares (almost) nothing with the other sampled ones
     * is refused, one that shares little draws a warning with the overlap matrix; an evaluated state with few
     * effective samples draws a warning too.
     */
    private Mbar solve(double[][] u, int[] counts, String source) {
        Mbar mbar = Mbar.solve(u, counts);
        double[][] overlap = mbar.overlap();
        int sampled = (int) java.util.Arrays.stream(counts).filter(c -> c > 0).count();
        boolean warned = false;
        for (int i = 0; i < overlap.length && sampled > 1; i++) {
            double shared = 1 - overlap[i][i];
            if (counts[i] > 0 && shared < NO_OVERLAP) {
                throw new IllegalArgumentException(source + ": state " + i + " does not overlap any other state "
                        + "(overlap matrix below); its free energy is undefined\n" + table(overlap));
            }
            if (counts[i] > 0 && shared < POOR_OVERLAP && !warned) {
                console.printf("warning: state %d overlaps the others by only %.3g; its free energy is unreliable. "
                        + "Overlap matrix:%n%s", i, shared, table(overlap));
                warned = true;
            }
        }
        double[] effective = mbar.effectiveSamples();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0 && effective[i] < FEW_EFFECTIVE) {
                console.printf("warning: state %d (no samples of its own) rests on %.1f effective samples%n", i,
                        effective[i]);
            }
        }
        return mbar;
    }

    private Metrics results(Mbar mbar, List<ThermodynamicState> states) throws IOException {
        Estimate[] f = mbar.relativeToFirst();
        double[] fk = new double[f.length];
        double[] dfk = new double[f.length];
        StringBuilder csv = new StringBuilder(states == null ? "state,f_k,df_k\n" : "state,temperature_k,f_k,df_k\n");
        console.printf("MBAR: %d states, %d samples, %d iterations%n", mbar.states(), mbar.samples(),
                mbar.iterations());
        for (int k = 0; k < f.length; k++) {
            fk[k] = f[k].value();
            dfk[k] = f[k].stdError();
            String t = states == null ? "" : String.format(Locale.ROOT, "%.2f,", states.get(k).temperature());
            csv.append(k).append(',').append(t).append(String.format(Locale.ROOT, "%.10g,%.6g%n", fk[k], dfk[k]));
            console.printf("  f_%d - f_0 = %s kT%s%n", k, f[k], states == null ? ""
                    : String.format(" (%.1f K)", states.get(k).temperature()));
        }
        Metrics m = new Metrics().put("f_k", fk).put("df_k", dfk).put("overlap", mbar.overlap())
                .put("effective_samples", mbar.effectiveSamples())
                .put("iterations", mbar.iterations());
        if (states != null) {
            m.put("temperatures", states.stream().mapToDouble(ThermodynamicState::temperature).toArray());
        }
        if (options.out != null) {
            AtomicFiles.writeString(FreeEnergyOutputs.sibling(options.out, ".csv"), csv.toString());
        }
        return m;
    }

    /** Per CV state, its population in every thermodynamic state by MBAR, with uncertainties. */
    private Map<String, Estimate[]> populations(Mbar mbar, List<ThermodynamicState> states, List<Trajectory> sets,
            List<State> cvStates) {
        WeightedEnsemble pooled = WeightedEnsemble.of(pooled(sets), sets.get(0).atomCount(), null);
        Map<String, Estimate[]> out = new LinkedHashMap<>();
        for (State s : cvStates) {
            boolean[] in = pooled.members(s);
            double[] indicator = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                indicator[i] = in[i] ? 1 : 0;
            }
            Estimate[] p = mbar.expectations(indicator);
            for (int k = 0; k < p.length; k++) {
                console.printf("  P(%s) at %.1f K = %s%n", s.name(), states.get(k).temperature(), p[k]);
            }
            out.put(s.name(), p);
        }
        return out;
    }

    /** The coordinates of every sample of {@code sets}, in order. */
    private static double[] pooled(List<Trajectory> sets) {
        return sets.stream().map(Trajectory::flatten).reduce(new double[0], MbarEstimate::concat);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String table(double[][] overlap) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : overlap) {
            for (double v : row) {
                sb.append(String.format(Locale.ROOT, " %6.3f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
