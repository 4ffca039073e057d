package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The two-moons density of normflows: {@code log p̃(x) = -½((|x|-2)/0.2)² - ½((|x₀|-2)/0.3)² + log(1 + e^{-4|x₀|/0.09})},
 * a ring of radius 2 cut into two crescents around x₀ = ±2. It has no closed-form normalizer: log Z is computed
 * once per JVM by midpoint quadrature on the box [-4, 4]² with 500² points (spacing 1/12 of the narrowest width,
 * where the midpoint rule is already exact to double precision). Outside the box the density is below e^{-50},
 * so the mass left out (below 1e-20) is far beyond any test's resolution. The exact rejection sampler draws
 * uniform proposals in that box and accepts with probability p̃/2 (p̃ ≤ 2 everywhere).
 */
public final class TwoMoons extends AnalyticTarget {
    private static final double HALF_WIDTH = 4.0;
    private static final int BATCH = 8192;
    private static volatile Double logZ;

    /** Two moons with samples of {@code dtype}. */
    public TwoMoons(DataType dtype) {
        super(dtype);
    }

    /** Two moons in float64. */
    public TwoMoons() {
        this(DataType.FLOAT64);
    }

    @Override
    protected NDArray unnormalizedLogProb(NDArray x) {
        NDArray a = x.get(":, 0").abs();
        NDArray radius = x.square().sum(new int[] {1}).sqrt();
        NDArray ring = NDMath.scale(NDMath.scale(radius.sub(2.0), 1.0 / 0.2).square(), -0.5);
        NDArray sides = NDMath.scale(NDMath.scale(a.sub(2.0), 1.0 / 0.3).square(), -0.5);
        NDArray split = NDMath.scale(a, -4.0 / 0.09).exp().add(1.0).log();
        return ring.add(sides).add(split);
    }

    @Override
    public double logNormalizer() {
        if (logZ == null) {
            TwoMoons self = this;
            Target unnormalized = new Target() {
                @Override
                public int dim() {
                    return 2;
                }

                @Override
                public NDArray logProb(NDArray x) {
                    return self.unnormalizedLogProb(x);
                }
            };
            double[][] box = box();
            logZ = GridQuadrature.integrate(unnormalized, box[0], box[1], 500).logIntegral();
        }
        return logZ;
    }

    @Override
    protected double[] sampleRows(NDManager manager, int n, SplittableRandom random) {
        double[] rows = new double[2 * n];
        int accepted = 0;
        double logBound = Math.log(2.0);
        while (accepted < n) {
            double[] proposals = new double[2 * BATCH];
            for (int i = 0; i < proposals.length; i++) {
                proposals[i] = HALF_WIDTH * (2.0 * random.nextDouble() - 1.0);
            }
            double[] logP = unnormalizedLogProb(manager.create(proposals, new Shape(BATCH, 2))).toDoubleArray();
            for (int i = 0; i < BATCH && accepted < n; i++) {
                if (Math.log(random.nextDouble()) < logP[i] - logBound) {
                    rows[2 * accepted] = proposals[2 * i];
                    rows[2 * accepted + 1] = proposals[2 * i + 1];
                    accepted++;
                }
            }
        }
        return rows;
    }

    @Override
    public double[][] box() {
        return new double[][] {{-HALF_WIDTH, -HALF_WIDTH}, {HALF_WIDTH, HALF_WIDTH}};
    }

    @Override
    public String name() {
        return "TwoMoons";
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static TwoMoons fromJson(JsonObject json, NDManager manager) {
        return new TwoMoons(ArchitectureJson.dtype(json));
    }
}
