package org.boltzflow.flows.splines;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;

/** A spline with fixed parameters {@code (1, dim, 3K + 1)} shared by every row, as a layer for the layer checks. */
record FixedSpline(RationalQuadraticSpline spline, NDArray params) implements FlowLayer {
    @Override
    public FlowResult forward(NDArray z) {
        return spline.forward(z, rows(z));
    }

    @Override
    public FlowResult inverse(NDArray x) {
        return spline.inverse(x, rows(x));
    }

    private NDArray rows(NDArray batch) {
        return params.broadcast(batch.getShape().get(0), params.getShape().get(1), params.getShape().get(2));
    }

    @Override
    public JsonObject toJson() {
        throw new UnsupportedOperationException("test layer");
    }
}
