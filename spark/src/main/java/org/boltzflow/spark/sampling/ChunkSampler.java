package org.boltzflow.spark.sampling;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import org.boltzflow.boltzmann.energy.BatchEnergyEvaluator;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.flows.Engines;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;

/**
 * Draws a generator's samples chunk by chunk: the {@code n} draws are cut into chunks of {@code chunkSize}, and chunk
 * {@code c} is drawn with the seed {@code Rng.derive(seed, c)} in one batch, so a chunk's samples are the same
 * whichever machine draws it and whatever else it draws. Each chunk's weights {@code -E/kT - log q} go into
 * {@link SamplingSums}. A draw the flow cannot map to a configuration (its coordinate layer refuses it) has density
 * zero under the target: it counts as a draw but gives no configuration.
 */
public final class ChunkSampler implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int chunkSize;
    private final long draws;
    private final long seed;

    /** Sampling of {@code draws} draws in chunks of {@code chunkSize} with the seed family {@code seed}. */
    public ChunkSampler(long draws, int chunkSize, long seed) {
        if (draws < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("need at least one draw and a positive chunk size, got " + draws
                    + " draws in chunks of " + chunkSize);
        }
        this.draws = draws;
        this.chunkSize = chunkSize;
        this.seed = seed;
    }

    /** The number of chunks. */
    public int chunks() {
        return Math.toIntExact((draws + chunkSize - 1) / chunkSize);
    }

    /**
     * The sums over the given chunks, drawn in this JVM with one PyTorch thread and one energy thread;
     * {@code progress} hears the draws of each chunk when it is done.
     */
    public SamplingSums sums(GeneratorBundle generator, Observables observables, Iterator<Integer> chunks,
            LongConsumer progress) throws IOException {
        Engines.init(1);
        SamplingSums sums = new SamplingSums(observables);
        AmberForceField forceField = generator.forceField();
        int atoms = forceField.atomCount();
        double kT = Units.kT(generator.temperature());
        try (NDManager manager = NDManager.newBaseManager();
                BatchEnergyEvaluator energy = new BatchEnergyEvaluator(forceField, 1)) {
            NormalizingFlow flow = generator.flow(manager);
            while (chunks.hasNext()) {
                int c = chunks.next();
                int size = (int) Math.min(chunkSize, draws - (long) c * chunkSize);
                List<double[]> rows = new ArrayList<>();
                List<Double> logQ = new ArrayList<>();
                draw(flow, size, Rng.derive(seed, c), rows, logQ);
                double[] xyz = rows.stream().flatMapToDouble(Arrays::stream).toArray();
                double[] energies = energy.energiesAndForces(xyz, new double[xyz.length]);
                double[] logWeights = new double[energies.length];
                for (int i = 0; i < logWeights.length; i++) {
                    double lq = logQ.get(i);
                    logWeights[i] = Double.isFinite(energies[i]) && Double.isFinite(lq) ? -energies[i] / kT - lq
                            : Double.NEGATIVE_INFINITY;
                }
                sums.addChunk(size, xyz, atoms, logWeights, observables);
                progress.accept(size);
            }
        }
        return sums;
    }

    /** Pushes one chunk through the flow in one batch, falling back to row by row when a draw is refused. */
    private static void draw(NormalizingFlow flow, int size, long chunkSeed, List<double[]> rows, List<Double> logQ) {
        try (NDScope scope = new NDScope(); NDManager manager = NDManager.newBaseManager()) {
            scope.suppressNotUsedWarning();
            Sample z = flow.latent(manager, size, chunkSeed);
            try {
                add(flow.push(z, chunkSeed), rows, logQ);
            } catch (IllegalArgumentException refused) {
                for (int i = 0; i < size; i++) {
                    String row = i + ":" + (i + 1);
                    try {
                        add(flow.push(new Sample(z.x().get(row), z.logProb().get(row)), chunkSeed), rows, logQ);
                    } catch (IllegalArgumentException invalidDraw) {
                        // density zero under the target: a draw without a configuration
                    }
                }
            }
        }
    }

    private static void add(Sample s, List<double[]> rows, List<Double> logQ) {
        double[] x = s.x().toDoubleArray();
        double[] lq = s.logProb().toDoubleArray();
        int width = x.length / lq.length;
        for (int i = 0; i < lq.length; i++) {
            rows.add(Arrays.copyOfRange(x, i * width, (i + 1) * width));
            logQ.add(lq[i]);
        }
    }
}
