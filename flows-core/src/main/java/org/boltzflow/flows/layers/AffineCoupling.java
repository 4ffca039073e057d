package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import java.util.List;
import org.boltzflow.flows.ConditionalFlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.nn.Mlp;

/**
 * The affine coupling layer of RealNVP (Dinh et al. 2017). Coordinates with {@code mask[i] = true} pass unchanged
 * and condition an {@link Mlp} that gives, for the others, a shift {@code t} and a log-scale
 * {@code s = B·tanh(raw/B)} (bound {@code B}, default {@value #DEFAULT_SCALE_BOUND}):
 * {@code x = z·exp(s) + t} on the transformed coordinates, log|det| = Σ s. The network's last layer starts at zero,
 * so a fresh layer is the identity. Stack layers with {@link #alternatingMask} of both parities so every
 * coordinate gets transformed. With a context size {@code c > 0} the network also reads a context vector
 * {@code (n, c)}, so the layer models a conditional bijection.
 */
public final class AffineCoupling implements ConditionalFlowLayer {
    /** Default bound B of the log-scale: scales stay within [e^-2, e^2] per layer. */
    public static final double DEFAULT_SCALE_BOUND = 2.0;

    private final boolean[] mask;
    private final int[] hiddenSizes;
    private final Activation activation;
    private final double scaleBound;
    private final DataType dtype;
    private final int contextSize;
    private final NDArray keep;
    private final NDArray change;
    private final Mlp conditioner;

    /**
     * A coupling layer over {@code mask.length} coordinates ({@code true} = passed through and conditioning) with
     * a conditioner of hidden widths {@code hiddenSizes}.
     */
    public AffineCoupling(NDManager manager, boolean[] mask, int[] hiddenSizes, Activation activation,
            double scaleBound, DataType dtype, long seed) {
        this(manager, mask, 0, hiddenSizes, activation, scaleBound, dtype, seed);
    }

    /**
     * As {@link #AffineCoupling(NDManager, boolean[], int[], Activation, double, DataType, long)}, conditioned on a
     * context of {@code contextSize}.
     */
    public AffineCoupling(NDManager manager, boolean[] mask, int contextSize, int[] hiddenSizes, Activation activation,
            double scaleBound, DataType dtype, long seed) {
        int dim = mask.length;
        int kept = 0;
        for (boolean m : mask) {
            kept += m ? 1 : 0;
        }
        if (kept == 0 || kept == dim) {
            throw new IllegalArgumentException("coupling mask must pass some coordinates and transform others, got "
                    + java.util.Arrays.toString(mask));
        }
        this.mask = mask.clone();
        this.hiddenSizes = hiddenSizes.clone();
        this.activation = activation;
        this.scaleBound = SoftClamp.check(scaleBound);
        this.dtype = dtype;
        this.contextSize = LayerSupport.checkContextSize(contextSize);
        double[] keepValues = new double[dim];
        for (int i = 0; i < dim; i++) {
            keepValues[i] = mask[i] ? 1.0 : 0.0;
        }
        this.keep = manager.create(keepValues).reshape(1, dim).toType(dtype, false);
        this.change = keep.neg().add(1.0);
        this.conditioner = new Mlp(manager, Mlp.sizes(dim + contextSize, hiddenSizes, 2 * dim), activation, true,
                dtype, seed);
    }

    /** {@code mask[i] = (i % 2 == parity)}: parity 0 passes the even coordinates, parity 1 the odd ones. */
    public static boolean[] alternatingMask(int dim, int parity) {
        boolean[] mask = new boolean[dim];
        for (int i = 0; i < dim; i++) {
            mask[i] = i % 2 == parity;
        }
        return mask;
    }

    /**
     * The mask of block {@code block} in a coupling stack whose masks cycle through the bits of the coordinate index:
     * blocks 2k and 2k+1 select the coordinates whose bit k (k taken modulo the bits of {@code dim - 1}) is 0 and 1.
     * Any two coordinates whose indices differ in one of the cycled bits land in opposite halves of some block, so
     * each can condition the other; with {@link #alternatingMask} two coordinates of equal parity never do.
     */
    public static boolean[] bitMask(int dim, int block) {
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(dim - 1));
        int bit = (block / 2) % bits;
        boolean[] mask = new boolean[dim];
        for (int i = 0; i < dim; i++) {
            mask[i] = ((i >> bit) & 1) == block % 2;
        }
        return mask;
    }

    /** Shift and log-scale of the transformed coordinates (zero on passed ones), from the passed coordinates. */
    private NDArray[] shiftAndLogScale(NDArray passed, NDArray context) {
        int dim = mask.length;
        NDArray out = conditioner.apply(LayerSupport.withContext(passed, context, contextSize, "AffineCoupling"));
        NDArray shift = out.get(":, 0:" + dim).mul(change);
        NDArray logScale = SoftClamp.apply(out.get(":, " + dim + ":"), scaleBound).mul(change);
        return new NDArray[] {shift, logScale};
    }

    @Override
    public FlowResult forward(NDArray z, NDArray context) {
        NDArray[] st = shiftAndLogScale(z.mul(keep), context);
        NDArray x = z.mul(st[1].exp()).add(st[0]);
        return new FlowResult(x, st[1].sum(new int[] {1}));
    }

    @Override
    public FlowResult inverse(NDArray x, NDArray context) {
        NDArray[] st = shiftAndLogScale(x.mul(keep), context);
        NDArray z = x.sub(st[0]).mul(st[1].neg().exp());
        return new FlowResult(z, st[1].sum(new int[] {1}).neg());
    }

    @Override
    public int contextSize() {
        return contextSize;
    }

    @Override
    public List<Parameter> parameters() {
        return conditioner.parameters();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("AffineCoupling", mask.length, dtype);
        json.add("mask", ArchitectureJson.booleans(mask));
        json.add("hiddenSizes", ArchitectureJson.ints(hiddenSizes));
        json.addProperty("activation", activation.name());
        json.addProperty("scaleBound", scaleBound);
        LayerSupport.addContextSize(json, contextSize);
        return json;
    }

    static AffineCoupling fromJson(JsonObject json, NDManager manager) {
        return new AffineCoupling(manager, ArchitectureJson.booleans(json, "mask"), LayerSupport.contextSize(json),
                ArchitectureJson.integers(json, "hiddenSizes"),
                ArchitectureJson.enumValue(json, "activation", Activation.class), ArchitectureJson.number(json,
                        "scaleBound"),
                ArchitectureJson.dtype(json), 0L);
    }
}
