package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;

/**
 * The boundary between layers of two floating-point types, e.g. float32 couplings under a float64 coordinate layer:
 * {@link #forward} (latent to data) widens {@code inner} values to {@code outer} with the autograd graph kept, so
 * gradients reach the inner layers' parameters; {@link #inverse} rounds {@code outer} values to {@code inner}, and
 * gradients do not flow back through it into the data ({@link #passesDataGradients}: for {@code ∇ₓ log q(x)} use the
 * model's float64 copy, {@code FlowIO.widened}). Log-det 0, in the outer type.
 */
public final class TypeCast implements FlowLayer {
    private final DataType inner;
    private final DataType outer;

    /** A cast between latent-side {@code inner} and data-side {@code outer} floating-point types. */
    public TypeCast(DataType inner, DataType outer) {
        if (!inner.isFloating() || !outer.isFloating()) {
            throw new IllegalArgumentException("a type cast is between floating-point types, got " + inner + " and "
                    + outer);
        }
        this.inner = inner;
        this.outer = outer;
    }

    @Override
    public FlowResult forward(NDArray z) {
        NDManager m = z.getManager();
        // type promotion, not toType: a conversion by toType leaves the autograd graph
        NDArray x = z.getDataType() == outer ? z : z.add(m.zeros(new Shape(1), outer));
        return new FlowResult(x, m.zeros(new Shape(z.getShape().get(0)), outer));
    }

    @Override
    public FlowResult inverse(NDArray x) {
        NDArray z = x.getDataType() == inner ? x : x.toType(inner, false);
        return new FlowResult(z, x.getManager().zeros(new Shape(x.getShape().get(0)), outer));
    }

    /** False when the cast narrows: DJL's type conversion leaves the autograd graph. */
    @Override
    public boolean passesDataGradients() {
        return inner == outer;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("TypeCast");
        json.addProperty("inner", inner.name());
        json.addProperty("outer", outer.name());
        return json;
    }

    static TypeCast fromJson(JsonObject json, NDManager manager) {
        return new TypeCast(ArchitectureJson.enumValue(json, "inner", DataType.class),
                ArchitectureJson.enumValue(json, "outer", DataType.class));
    }
}
