package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.io.ArchitectureJson;
import org.boltzflow.flows.splines.Constants;

/**
 * Rotates circular coordinates by fixed offsets, modulo the period, and leaves the others alone; log-det 0.
 * Placed between circular spline layers it moves the point every circular spline keeps fixed (the interval end),
 * so no angle is privileged. Outputs of circular coordinates lie in [low, high).
 */
public final class CircularShift implements FlowLayer {
    private final List<Domain> domains;
    private final double[] offsets;

    /** Shifts circular coordinate {@code i} by {@code offsets[i]}; offsets of other coordinates must be 0. */
    public CircularShift(List<Domain> domains, double[] offsets) {
        if (offsets.length != domains.size()) {
            throw new IllegalArgumentException(offsets.length + " offsets for " + domains.size() + " coordinates");
        }
        for (int i = 0; i < offsets.length; i++) {
            if (!Double.isFinite(offsets[i]) || (!domains.get(i).isCircular() && offsets[i] != 0)) {
                throw new IllegalArgumentException("offset " + offsets[i] + " of coordinate " + i + " ("
                        + domains.get(i).kind() + ") must be finite, and 0 unless the coordinate is circular");
            }
        }
        this.domains = List.copyOf(domains);
        this.offsets = offsets.clone();
    }

    /** Offsets drawn uniformly over each circular coordinate's period from {@code seed}. */
    public static CircularShift random(List<Domain> domains, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] offsets = new double[domains.size()];
        for (int i = 0; i < offsets.length; i++) {
            Domain d = domains.get(i);
            offsets[i] = d.isCircular() ? random.nextDouble() * (d.high() - d.low()) : 0.0;
        }
        return new CircularShift(domains, offsets);
    }

    /** The same offset on every circular coordinate. */
    public static CircularShift constant(List<Domain> domains, double offset) {
        return new CircularShift(domains, domains.stream().mapToDouble(d -> d.isCircular() ? offset : 0.0).toArray());
    }

    public double[] offsets() {
        return offsets.clone();
    }

    @Override
    public FlowResult forward(NDArray z) {
        return shift(z, 1.0);
    }

    @Override
    public FlowResult inverse(NDArray x) {
        return shift(x, -1.0);
    }

    private FlowResult shift(NDArray input, double sign) {
        int dim = domains.size();
        if (input.getShape().dimension() != 2 || input.getShape().get(1) != dim) {
            throw new IllegalArgumentException("circular shift input must be (n, " + dim + "), got "
                    + input.getShape());
        }
        NDManager m = input.getManager();
        DataType type = input.getDataType();
        double[] lows = new double[dim];
        double[] periods = new double[dim];
        boolean[] circular = new boolean[dim];
        for (int i = 0; i < dim; i++) {
            lows[i] = domains.get(i).low();
            periods[i] = domains.get(i).high() - domains.get(i).low();
            circular[i] = domains.get(i).isCircular();
        }
        NDArray low = Constants.of(m, lows, type, 1, dim);
        NDArray period = Constants.of(m, periods, type, 1, dim);
        double[] signed = new double[dim];
        for (int i = 0; i < dim; i++) {
            signed[i] = sign * offsets[i];
        }
        NDArray moved = input.sub(low).add(Constants.of(m, signed, type, 1, dim));
        NDArray wrapped = moved.sub(moved.div(period).floor().mul(period).stopGradient()).add(low);
        NDArray value = NDArrays.where(Constants.of(m, circular, 1, dim).broadcast(input.getShape()), wrapped, input);
        return new FlowResult(value, m.zeros(new Shape(input.getShape().get(0)), type));
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = ArchitectureJson.header("CircularShift");
        json.add("domains", ArchitectureJson.domains(domains));
        json.add("offsets", ArchitectureJson.doubles(offsets));
        return json;
    }

    static CircularShift fromJson(JsonObject json, NDManager manager) {
        return new CircularShift(ArchitectureJson.domains(json, "domains"), ArchitectureJson.numbers(json, "offsets"));
    }
}
