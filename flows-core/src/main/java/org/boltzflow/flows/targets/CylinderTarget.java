package org.boltzflow.flows.targets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.distributions.Bessel;
import org.boltzflow.flows.distributions.VonMises;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The cylinder density of the seed paper: coordinates {@code (x, φ)} with {@code x ~ N(0, 1)} and
 * {@code φ | x ~ vonMises(3x, 1)} on [-π, π), so the angle winds around the cylinder as x grows. Normalized in
 * closed form ({@code log p = -x²/2 - ½log 2π + cos(φ - 3x) - log(2π I0(1))}) and sampled exactly.
 */
public final class CylinderTarget extends AnalyticTarget {
    private static final double KAPPA = 1.0;
    private static final double WINDING = 3.0;

    /** The cylinder target with samples of {@code dtype}. */
    public CylinderTarget(DataType dtype) {
        super(dtype);
    }

    /** The cylinder target in float64. */
    public CylinderTarget() {
        this(DataType.FLOAT64);
    }

    /** The coordinates' domains: x unbounded, φ circular. */
    public List<Domain> domains() {
        return List.of(Domain.unbounded(5.0), Domain.circular());
    }

    @Override
    protected NDArray unnormalizedLogProb(NDArray x) {
        NDArray linear = x.get(":, 0");
        NDArray angle = x.get(":, 1");
        NDArray turned = angle.sub(NDMath.scale(linear, WINDING)).cos();
        return NDMath.scale(linear.square(), -0.5).add(NDMath.scale(turned, KAPPA));
    }

    @Override
    public double logNormalizer() {
        return 0.5 * Math.log(2.0 * Math.PI) + Math.log(2.0 * Math.PI) + Bessel.logI0(KAPPA);
    }

    @Override
    protected double[] sampleRows(NDManager manager, int n, SplittableRandom random) {
        double[] rows = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - random.nextDouble();
            double x = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * random.nextDouble());
            double phi = WINDING * x + VonMises.draw(random, KAPPA);
            rows[2 * i] = x;
            rows[2 * i + 1] = phi - 2.0 * Math.PI * Math.floor((phi + Math.PI) / (2.0 * Math.PI));
        }
        return rows;
    }

    @Override
    public double[][] box() {
        return new double[][] {{-9.0, -Math.PI}, {9.0, Math.PI}};
    }

    @Override
    public String name() {
        return "CylinderTarget";
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static CylinderTarget fromJson(JsonObject json, NDManager manager) {
        return new CylinderTarget(ArchitectureJson.dtype(json));
    }
}
