package org.boltzflow.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.targets.ManyWell;
import org.boltzflow.mcmc.AisResult;
import org.boltzflow.mcmc.AnnealedImportanceSampler;
import org.boltzflow.mcmc.Chain;
import org.boltzflow.mcmc.GeometricPath;
import org.boltzflow.mcmc.Hmc;
import org.boltzflow.mcmc.MarkovKernel;
import org.boltzflow.mcmc.PathState;
import org.boltzflow.mcmc.RandomWalkMetropolis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code boltzflow bench mcmc}: HMC transitions per second on the 32-dimensional Many Well (batch 1024), the cost
 * of AIS per effective sample with HMC and with Metropolis transitions side by side. (FAB against reverse KL on the
 * 40-mode mixture is the mcmc test {@code FabObjectiveTest}; its full run is tagged {@code slow}.)
 */
@Command(name = "mcmc", mixinStandardHelpOptions = true,
        description = "HMC transitions per second and AIS cost per effective sample.")
final class BenchMcmcCommand implements Callable<Integer> {
    private static final int DIM = 32;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class,
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--chains", converter = OptionValues.PositiveInt.class,
            description = "Chains in the HMC and AIS batches (default: ${DEFAULT-VALUE}).")
    int chains = 1024;

    @Override
    public Integer call() {
        BoltzflowCommand.startEngine(threads);
        ManyWell manyWell = new ManyWell(DIM);
        try (NDManager manager = NDManager.newBaseManager()) {
            DiagonalGaussian start = new DiagonalGaussian(manager, DIM, false, DataType.FLOAT64);
            double[] logTwo = new double[DIM];
            Arrays.fill(logTwo, Math.log(2.0));
            NDMath.assign(start.parameters().get(1).getArray(), logTwo);
            hmcThroughput(manager, start, manyWell);
            System.out.printf("AIS on Many Well (log Z %.4f), %d chains, 100 levels x 3 transitions:%n",
                    manyWell.logZ(), chains);
            double hmcCost = aisCost(manager, start, manyWell, new Hmc(2, wellSteps()), "HMC (2 leapfrog)");
            double mhCost = aisCost(manager, start, manyWell, new RandomWalkMetropolis(0.1), "Metropolis");
            System.out.printf("  Metropolis / HMC seconds per effective sample: %.2f%n", mhCost / hmcCost);
        }
        return 0;
    }

    private void hmcThroughput(NDManager manager, Distribution start, ManyWell manyWell) {
        GeometricPath path = new GeometricPath(start, manyWell);
        for (int leapfrog : new int[] {1, 5}) {
            Hmc hmc = new Hmc(leapfrog, wellSteps());
            PathState state = path.evaluate(start.sample(manager, chains, 1L).x(), true, manager);
            state = Chain.run(path, 1.0, hmc, state, 5, 2L, manager);
            int steps = 40;
            long t0 = System.nanoTime();
            state = Chain.run(path, 1.0, hmc, state, steps, 3L, manager);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("HMC on Many Well %dd, batch %d, %d leapfrog: %,.0f chain transitions/s "
                    + "(%.1f ms per batched transition, acceptance %.2f)%n", DIM, chains, leapfrog,
                    chains * steps / seconds, 1e3 * seconds / steps, state.acceptance());
        }
    }

    private double aisCost(NDManager manager, Distribution start, ManyWell manyWell, MarkovKernel kernel,
            String name) {
        long t0 = System.nanoTime();
        AisResult r = new AnnealedImportanceSampler(start, manyWell, 100, kernel, 3).run(manager, chains, 4L);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double effective = r.essFraction() * chains;
        System.out.printf("  %-17s log Z %s, ESS %.1f of %d, %.2f s, %.3f s and %,.0f target evaluations "
                + "per effective sample%n", name, r.logZ(), effective, chains, seconds, seconds / effective,
                r.endEvaluations() / effective);
        return seconds / effective;
    }

    /** Per-dimension HMC steps for the Many Well: smaller along the double-well coordinates. */
    private static double[] wellSteps() {
        double[] steps = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            steps[i] = i % 2 == 0 ? 0.2 : 0.5;
        }
        return steps;
    }
}
