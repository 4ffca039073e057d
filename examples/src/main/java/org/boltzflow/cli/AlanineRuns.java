package org.boltzflow.cli;

import java.io.PrintWriter;
import org.boltzflow.examples.alanine.AlanineConfig;
import org.boltzflow.examples.alanine.AlanineJob;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code run} and {@code train} do with a config: the job in a run folder, stoppable by Ctrl-C. */
final class AlanineRuns {
    private AlanineRuns() {}

    /** Runs the job; with {@code sample} false it stops after saving the trained model. */
    static int run(AlanineConfig config, AlanineOptions options, boolean sample, CommandSpec spec) throws Exception {
        RunDirectory dir = options.directory();
        PrintWriter out = spec.commandLine().getOut();
        out.println("boltzflow: alanine dipeptide, " + config.solvent() + ", " + config.temperature() + " K, seed "
                + config.seed() + ", " + config.threads() + " threads -> " + dir.root());
        out.flush();
        try (InterruptGuard guard = new InterruptGuard()) {
            AlanineJob job = new AlanineJob(config, dir.root(), options.cache, System.err);
            Metrics metrics = job.run(guard::requested, sample);
            if (metrics == null) {
                out.println("stopped early; continue with: boltzflow " + spec.name() + " --resume " + dir.root());
                out.flush();
                return 130;
            }
            out.println(sample ? summary(metrics) : "trained model written to " + dir.resolve("model.json"));
            out.println("outputs in " + dir.root());
            out.flush();
            return 0;
        }
    }

    private static String summary(Metrics m) {
        return String.format("reverse ESS %.4f ± %.4f, forward ESS %.4f, KL(MD||flow) phi/psi %.4f,%n"
                + "dF(C7eq/beta - alphaR) = %.2f ± %.2f kJ/mol (MD %.2f ± %.2f), %s energy evaluations, %.0f s training",
                m.get("reverse_ess"), m.get("reverse_ess_err"), m.get("forward_ess"), m.get("kl_phi_psi_md"),
                m.get("delta_f_kj_mol"), m.get("delta_f_err_kj_mol"), m.get("delta_f_md_kj_mol"),
                m.get("delta_f_md_err_kj_mol"), m.get("energy_evaluations"), m.get("train_seconds"))
                + (m.get("ais_ess") == null ? "" : String.format("%nAIS-refined: ESS %.4f ± %.4f, dF = %.2f ± %.2f kJ/mol",
                        m.get("ais_ess"), m.get("ais_ess_err"), m.get("ais_delta_f_kj_mol"),
                        m.get("ais_delta_f_err_kj_mol")));
    }
}
