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

/**
 * An affine autoregressive layer on a {@link Made}: {@code x_i = z_i·exp(s_i) + t_i}, log|det ∂x/∂z| = Σ s_i, with
 * the log-scale bounded as in {@link AffineCoupling} ({@code s = B·tanh(raw/B)}). In the {@link Direction#MAF}
 * form (Papamakarios et al. 2017) {@code (t, s)} are functions of the data {@code x}, so {@link #inverse} (density)
 * takes one pass and {@link #forward} (sampling) {@code dim} passes; in the {@link Direction#IAF} form (Kingma et
 * al. 2016) they are functions of the latent {@code z}, so sampling is one pass and density {@code dim} passes.
 * The sequential direction is exact: after pass k the first k coordinates of the ordering are final. The MADE's
 * output layer starts at zero, so a fresh layer is the identity. With a context size {@code c > 0} the MADE also
 * reads a context vector {@code (n, c)} (conditional MAF/IAF).
 */
public final class MaskedAffineAutoregressive implements ConditionalFlowLayer {
    /** Which side conditions the affine parameters, and thereby which direction is fast. */
    public enum Direction {
        /** Conditioned on data: fast density evaluation. */
        MAF,
        /** Conditioned on latent: fast sampling. */
        IAF
    }

    private final Made made;
    private final double scaleBound;
    private final Direction direction;
    private final DataType dtype;

    /**
     * A layer over {@code ordering.length} coordinates with a MADE of hidden widths {@code hiddenSizes} and the
     * autoregressive {@code ordering} (see {@link Made}).
     */
    public MaskedAffineAutoregressive(NDManager manager, int[] hiddenSizes, int[] ordering, Activation activation,
            double scaleBound, Direction direction, DataType dtype, long seed) {
        this(manager, 0, hiddenSizes, ordering, activation, scaleBound, direction, dtype, seed);
    }

    /** As the unconditional constructor, with a MADE that also reads a context of {@code contextSize}. */
    public MaskedAffineAutoregressive(NDManager manager, int contextSize, int[] hiddenSizes, int[] ordering,
            Activation activation, double scaleBound, Direction direction, DataType dtype, long seed) {
        this.made = new Made(manager, ordering.length, contextSize, hiddenSizes, 2, ordering, activation, true, dtype,
                seed);
        this.scaleBound = SoftClamp.check(scaleBound);
        this.direction = direction;
        this.dtype = dtype;
    }

    /** The ordering {@code 0, 1, ..., dim-1}; reverse it (or use a random one) in every other layer of a stack. */
    public static int[] naturalOrdering(int dim) {
        int[] ordering = new int[dim];
        for (int i = 0; i < dim; i++) {
            ordering[i] = i;
        }
        return ordering;
    }

    /** The ordering {@code dim-1, ..., 1, 0}. */
    public static int[] reversedOrdering(int dim) {
        int[] ordering = new int[dim];
        for (int i = 0; i < dim; i++) {
            ordering[i] = dim - 1 - i;
        }
        return ordering;
    }

    @Override
    public FlowResult forward(NDArray z, NDArray context) {
        return direction == Direction.IAF ? onePass(z, context, true) : sequential(z, context, true);
    }

    @Override
    public FlowResult inverse(NDArray x, NDArray context) {
        return direction == Direction.MAF ? onePass(x, context, false) : sequential(x, context, false);
    }

    @Override
    public int contextSize() {
        return made.contextSize();
    }

    /** The conditioning side is the input itself: one MADE pass. */
    private FlowResult onePass(NDArray input, NDArray context, boolean toData) {
        return affine(input, made.apply(input, context), toData);
    }

    /** The conditioning side is the output: {@code dim} passes, each fixing one more coordinate of the ordering. */
    private FlowResult sequential(NDArray input, NDArray context, boolean toData) {
        NDArray output = input.zerosLike();
        FlowResult result = null;
        for (int pass = 0; pass < made.dim(); pass++) {
            result = affine(input, made.apply(output, context), toData);
            output = result.value();
        }
        return result;
    }

    private FlowResult affine(NDArray input, NDArray params, boolean toData) {
        NDArray shift = params.get(":, :, 0");
        NDArray logScale = SoftClamp.apply(params.get(":, :, 1"), scaleBound);
        NDArray logDet = logScale.sum(new int[] {1});
        if (toData) {
            return new FlowResult(input.mul(logScale.exp()).add(shift), logDet);
        }
        return new FlowResult(input.sub(shift).mul(logScale.neg().exp()), logDet.neg());
    }

    @Override
    public List<Parameter> parameters() {
        return made.parameters();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("MaskedAffineAutoregressive", made.dim(), dtype);
        json.add("made", made.toJson());
        json.addProperty("scaleBound", scaleBound);
        json.addProperty("direction", direction.name());
        return json;
    }

    static MaskedAffineAutoregressive fromJson(JsonObject json, NDManager manager) {
        JsonObject made = ArchitectureJson.object(json, "made");
        return new MaskedAffineAutoregressive(manager, LayerSupport.contextSize(made),
                ArchitectureJson.integers(made, "hiddenSizes"), ArchitectureJson.integers(made, "ordering"),
                ArchitectureJson.enumValue(made, "activation", Activation.class), ArchitectureJson.number(json,
                        "scaleBound"),
                ArchitectureJson.enumValue(json, "direction", Direction.class), ArchitectureJson.dtype(json), 0L);
    }
}
