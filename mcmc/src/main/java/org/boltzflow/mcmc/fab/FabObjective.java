package org.boltzflow.mcmc.fab;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.training.Objective;
import org.boltzflow.mcmc.AisResult;
import org.boltzflow.mcmc.AnnealedImportanceSampler;
import org.boltzflow.mcmc.MarkovKernel;
import org.boltzflow.mcmc.estimators.ImportanceWeights;

/**
 * The FAB loss (Midgley et al. 2023) for the flows-core {@code Trainer}. In {@link #prepare} (outside the step's
 * gradient recording) it runs AIS from the flow q to {@code p²/q} in an {@code NDScope}, keeps the points and log
 * weights in Java arrays, and clears the parameter gradients AIS left behind. Without a buffer, the loss is {@code -Σ w̄ log q(x)} over the
 * AIS points (self-normalized AIS weights, detached), whose gradient is that of the alpha=2 divergence. With a
 * {@link ReplayBuffer}, AIS runs every {@code updatesPerAis} steps and fills the buffer; each step draws points
 * proportionally to their weights and minimises {@code -mean(min(q_old/q, maxAdjust) · log q)}, then reweights the
 * drawn entries by {@code q_old/q} for the flow's change since they were stored.
 */
public final class FabObjective implements Objective {
    private final NormalizingFlow flow;
    private final AnnealedImportanceSampler ais;
    private final int batchSize;
    private final ReplayBuffer buffer;
    private final int updatesPerAis;
    private final double maxWeightAdjust;
    private double[] pendingPoints;
    private double[] pendingLogWeights;
    private long targetEvaluations;
    private long discardedPoints;
    private long preparedSteps;

    private FabObjective(NormalizingFlow flow, Target target, int batchSize, int intermediate, MarkovKernel kernel,
            int transitionsPerLevel, ReplayBuffer buffer, int updatesPerAis, double maxWeightAdjust) {
        if (batchSize < 2 || updatesPerAis < 1 || !(maxWeightAdjust > 0)) {
            throw new IllegalArgumentException("FAB needs batchSize >= 2, updatesPerAis >= 1, maxWeightAdjust > 0");
        }
        this.flow = flow;
        this.ais = new AnnealedImportanceSampler(flow, new SquaredOverFlow(target, flow), intermediate, kernel,
                transitionsPerLevel);
        this.batchSize = batchSize;
        this.buffer = buffer;
        this.updatesPerAis = updatesPerAis;
        this.maxWeightAdjust = maxWeightAdjust;
    }

    /** FAB without a buffer: a fresh AIS batch every step. */
    public static FabObjective withoutBuffer(NormalizingFlow flow, Target target, int batchSize, int intermediate,
            MarkovKernel kernel, int transitionsPerLevel) {
        return new FabObjective(flow, target, batchSize, intermediate, kernel, transitionsPerLevel, null, 1, 1.0);
    }

    /**
     * FAB with a prioritized replay buffer: an AIS batch every {@code updatesPerAis} steps into {@code buffer}, and
     * importance corrections {@code q_old/q} clipped at {@code maxWeightAdjust} (FAB uses 10).
     */
    public static FabObjective withBuffer(NormalizingFlow flow, Target target, int batchSize, int intermediate,
            MarkovKernel kernel, int transitionsPerLevel, ReplayBuffer buffer, int updatesPerAis,
            double maxWeightAdjust) {
        return new FabObjective(flow, target, batchSize, intermediate, kernel, transitionsPerLevel, buffer,
                updatesPerAis, maxWeightAdjust);
    }

    /** Target density evaluations so far (every AIS evaluation of {@code p²/q} counts one per point). */
    public long targetEvaluations() {
        return targetEvaluations;
    }

    /** AIS points left out of the buffer because their log weight or log q was not finite. */
    public long discardedPoints() {
        return discardedPoints;
    }

    @Override
    public void prepare(long step, long seed) {
        boolean runAis = buffer == null || preparedSteps % updatesPerAis == 0;
        preparedSteps++;
        if (!runAis) {
            return;
        }
        try (NDScope scope = new NDScope(); NDManager manager = NDManager.newBaseManager()) {
            scope.suppressNotUsedWarning();
            AisResult result = ais.run(manager, batchSize, Rng.derive(seed, 1));
            targetEvaluations += result.endEvaluations();
            double[] x = result.x().toType(DataType.FLOAT64, false).toDoubleArray();
            if (buffer == null) {
                pendingPoints = x;
                pendingLogWeights = result.logWeights();
            } else {
                double[] logQ = flow.logProb(result.x()).toType(DataType.FLOAT64, false).toDoubleArray();
                addFinite(x, result.logWeights(), logQ);
            }
        }
    }

    /** Adds the AIS points whose log weight and log q are finite; a point with q = 0 would poison the buffer. */
    private void addFinite(double[] x, double[] logWeights, double[] logQ) {
        int dim = flow.dim();
        int kept = 0;
        for (int i = 0; i < logWeights.length; i++) {
            if (Double.isFinite(logWeights[i]) && Double.isFinite(logQ[i])) {
                System.arraycopy(x, i * dim, x, kept * dim, dim);
                logWeights[kept] = logWeights[i];
                logQ[kept] = logQ[i];
                kept++;
            }
        }
        discardedPoints += logWeights.length - kept;
        buffer.add(Arrays.copyOf(x, kept * dim), Arrays.copyOf(logWeights, kept),
                Arrays.copyOf(logQ, kept));
    }

    @Override
    public NDArray loss(NDManager manager, long step, long seed) {
        return buffer == null ? aisLoss(manager) : bufferLoss(manager, seed);
    }

    private NDArray aisLoss(NDManager manager) {
        if (pendingPoints == null) {
            throw new IllegalStateException("FAB loss asked before prepare ran AIS");
        }
        double[] w = ImportanceWeights.normalized(pendingLogWeights);
        NDArray logQ = flow.logProb(points(manager, pendingPoints, w.length));
        return logQ.mul(manager.create(w).toType(logQ.getDataType(), false)).sum().neg();
    }

    private NDArray bufferLoss(NDManager manager, long seed) {
        int[] idx = buffer.sample(batchSize, Rng.derive(seed, 2));
        NDArray logQ = flow.logProb(points(manager, buffer.points(idx), batchSize));
        double[] logQNow = logQ.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] logQOld = buffer.logQ(idx);
        double[] change = new double[batchSize];
        double[] adjust = new double[batchSize];
        for (int j = 0; j < batchSize; j++) {
            change[j] = logQOld[j] - logQNow[j];
            adjust[j] = Math.min(Math.exp(change[j]), maxWeightAdjust);
        }
        buffer.reweight(idx, change, logQNow);
        return logQ.mul(manager.create(adjust).toType(logQ.getDataType(), false)).mean().neg();
    }

    private NDArray points(NDManager manager, double[] rowMajor, int n) {
        DataType dtype = flow.parameters().isEmpty() ? DataType.FLOAT64
                : flow.parameters().get(0).getArray().getDataType();
        return manager.create(rowMajor, new Shape(n, flow.dim())).toType(dtype, false);
    }
}
