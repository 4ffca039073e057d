package org.boltzflow.flows.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * Independent von Mises distributions on [-π, π), one per dimension: {@code p(x) = Π exp(κ cos(x - μ)) / (2π I0(κ))}.
 * The location {@code μ} is optionally trainable (samples are reparameterized: {@code x = wrap(μ + θ)} with θ drawn
 * around 0); the concentration {@code κ} is a fixed, saved buffer. Sampling is exact (Best and Fisher's rejection
 * scheme with a wrapped-Cauchy envelope), the normalizer uses {@link Bessel#logI0}.
 */
public final class VonMises implements Distribution {
    private static final double TWO_PI = 2.0 * Math.PI;
    private final int dim;
    private final boolean trainable;
    private final Parameter loc;
    private final Parameter concentration;

    /** Von Mises distributions with the given locations and concentrations (κ ≥ 0), of {@code dtype}. */
    public VonMises(NDManager manager, double[] loc, double[] concentration, boolean trainable, DataType dtype) {
        if (loc.length != concentration.length || loc.length == 0) {
            throw new IllegalArgumentException("need as many locations as concentrations (and at least one), got "
                    + loc.length + " and " + concentration.length);
        }
        for (double k : concentration) {
            if (!(k >= 0) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("von Mises concentration must be finite and >= 0, got " + k);
            }
        }
        this.dim = loc.length;
        this.trainable = trainable;
        this.loc = Parameters.of("loc", manager.create(loc, new Shape(1, dim)).toType(dtype, false), trainable);
        this.concentration = Parameters.of("concentration",
                manager.create(concentration, new Shape(1, dim)).toType(dtype, false), false);
    }

    /** {@code dim} von Mises distributions centred at 0 with concentration {@code kappa}. */
    public VonMises(NDManager manager, int dim, double kappa, boolean trainable, DataType dtype) {
        this(manager, new double[dim], filled(dim, kappa), trainable, dtype);
    }

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, value);
        return values;
    }

    @Override
    public int dim() {
        return dim;
    }

    private double logNormalizer() {
        double sum = 0;
        for (double k : concentration.getArray().toType(DataType.FLOAT64, false).toDoubleArray()) {
            sum += Math.log(TWO_PI) + Bessel.logI0(k);
        }
        return sum;
    }

    @Override
    public NDArray logProb(NDArray x) {
        NDArray kappa = concentration.getArray();
        return x.sub(loc.getArray()).cos().mul(kappa).sum(new int[] {1}).sub(logNormalizer());
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] kappa = concentration.getArray().toType(DataType.FLOAT64, false).toDoubleArray();
        double[] theta = new double[n * dim];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = draw(random, kappa[i % dim]);
        }
        NDArray offsets = manager.create(theta, new Shape(n, dim)).toType(loc.getArray().getDataType(), false);
        NDArray x = wrap(offsets.add(loc.getArray()));
        return new Sample(x, logProb(x));
    }

    /** Maps angles onto [-π, π); the gradient passes unchanged. */
    public static NDArray wrap(NDArray angle) {
        NDArray turns = NDMath.scale(angle.add(Math.PI), 1.0 / TWO_PI).floor().stopGradient();
        return angle.sub(NDMath.scale(turns, TWO_PI));
    }

    /**
     * One exact draw of θ ~ vonMises(0, κ) in [-π, π] (Best and Fisher 1979): propose through a wrapped-Cauchy
     * envelope whose parameter is chosen for κ, then accept by the squeeze test or the full test.
     */
    public static double draw(SplittableRandom random, double kappa) {
        if (kappa < 1e-8) {
            return Math.PI * (2.0 * random.nextDouble() - 1.0);
        }
        double s;
        if (kappa < 1e-5) {
            s = 1.0 / kappa + kappa;
        } else {
            double tau = 1.0 + Math.sqrt(1.0 + 4.0 * kappa * kappa);
            double rho = (tau - Math.sqrt(2.0 * tau)) / (2.0 * kappa);
            s = (1.0 + rho * rho) / (2.0 * rho);
        }
        while (true) {
            double z = Math.cos(Math.PI * random.nextDouble());
            double w = (1.0 + s * z) / (s + z);
            double y = kappa * (s - w);
            double v = random.nextDouble();
            if (y * (2.0 - y) - v >= 0 || Math.log(y / v) + 1.0 - y >= 0) {
                double angle = Math.acos(Math.max(-1.0, Math.min(1.0, w)));
                return random.nextBoolean() ? angle : -angle;
            }
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(loc, concentration);
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "VonMises");
        json.addProperty("dim", dim);
        json.addProperty("trainable", trainable);
        json.addProperty("dtype", loc.getArray().getDataType().name());
        return json;
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static VonMises fromJson(JsonObject json, NDManager manager) {
        return new VonMises(manager, ArchitectureJson.integer(json, "dim"), 1.0, ArchitectureJson.bool(json,
                "trainable"),
                ArchitectureJson.dtype(json));
    }
}
