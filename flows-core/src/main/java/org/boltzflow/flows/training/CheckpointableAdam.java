package org.boltzflow.flows.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba) over a fixed list of parameters, with its moment estimates and step count exposed so that a
 * checkpoint restores them exactly and a resumed run is bit-identical to an uninterrupted one. DJL's own Adam keeps
 * that state private, which is why this small class exists. Same update rule and defaults as DJL's Adam.
 *
 * <p>The update is multi-tensor: the gradients of all parameters of one dtype are gathered into one flat vector
 * ({@link #gather}), the moments of those parameters live in one flat vector each, and the whole update is a handful
 * of array operations on them instead of a dozen per parameter. Each element goes through the same arithmetic as a
 * per-parameter Adam, so the updates are the same to the last bit.
 */
public final class CheckpointableAdam {
    private final List<Parameter> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final List<Group> groups = new ArrayList<>();
    private final NDArray[] firstMoments;
    private final NDArray[] secondMoments;
    private long updates;

    /** Adam over {@code parameters}; moments start at zero, in each parameter's own manager. */
    public CheckpointableAdam(List<Parameter> parameters, double beta1, double beta2, double epsilon,
            double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        firstMoments = new NDArray[this.parameters.size()];
        secondMoments = new NDArray[this.parameters.size()];
        Map<DataType, List<Integer>> byType = new LinkedHashMap<>();
        for (int i = 0; i < this.parameters.size(); i++) {
            byType.computeIfAbsent(this.parameters.get(i).getArray().getDataType(), t -> new ArrayList<>()).add(i);
        }
        byType.values().forEach(members -> groups.add(new Group(members.stream().mapToInt(Integer::intValue)
                .toArray())));
    }

    /**
     * The gradients ({@code gradients.get(i)} belongs to parameter i) as one flat vector per dtype, in the current
     * {@link NDScope}; {@link Gradients#sumOfSquares()} gives the squared global norm from them in one reduction.
     */
    public Gradients gather(List<NDArray> gradients) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException(gradients.size() + " gradients for " + parameters.size()
                    + " parameters");
        }
        List<NDArray> flat = new ArrayList<>();
        for (Group g : groups) {
            flat.add(g.flatten(gradients));
        }
        return new Gradients(flat);
    }

    /** One update with learning rate {@code lr}; {@code gradients.get(i)} belongs to parameter i. */
    public void update(List<NDArray> gradients, double lr) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            update(gather(gradients), lr);
        }
    }

    /** One update with learning rate {@code lr} from gathered gradients. */
    public void update(Gradients gradients, double lr) {
        updates++;
        double stepSize = lr * Math.sqrt(1.0 - Math.pow(beta2, updates)) / (1.0 - Math.pow(beta1, updates));
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int k = 0; k < groups.size(); k++) {
                groups.get(k).update(gradients.flat().get(k), stepSize);
            }
        }
    }

    /** How many updates have been made. */
    public long updates() {
        return updates;
    }

    /**
     * The moment estimates, first moments then second moments, in parameter order: live views of the optimizer's
     * state (not copies), each of its parameter's shape.
     */
    public NDList moments() {
        NDList list = new NDList();
        list.addAll(List.of(firstMoments));
        list.addAll(List.of(secondMoments));
        return list;
    }

    /** Restores the state a checkpoint saved: {@link #moments()} values and the update count. */
    public void restore(NDList moments, long updateCount) {
        if (moments.size() != 2 * parameters.size()) {
            throw new IllegalArgumentException("optimizer state has " + moments.size() + " arrays, expected "
                    + 2 * parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            checkShape(moments.get(i), firstMoments[i], "first moment " + i);
            checkShape(moments.get(parameters.size() + i), secondMoments[i], "second moment " + i);
        }
        for (Group g : groups) {
            g.restore(moments);
        }
        this.updates = updateCount;
    }

    private static void checkShape(NDArray source, NDArray target, String what) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("optimizer " + what + " has shape " + source.getShape() + ", expected "
                    + target.getShape());
        }
    }

    /** Gradients gathered by {@link #gather}: one flat vector per dtype group. */
    public record Gradients(List<NDArray> flat) {
        /** Σ g² over every gradient element, in float64. */
        public double sumOfSquares() {
            double total = 0;
            for (NDArray g : flat) {
                total += g.square().sum().toType(DataType.FLOAT64, false).getDouble();
            }
            return total;
        }

        /** Multiplies every gradient element by {@code factor}, in place. */
        public void scale(double factor) {
            flat.forEach(g -> g.muli(factor));
        }
    }

    /** The parameters of one dtype, their moments as two flat vectors and per-parameter views of them. */
    private final class Group {
        private final int[] members;
        private final long[] sizes;
        private final NDArray first;
        private final NDArray second;

        Group(int[] members) {
            this.members = members;
            this.sizes = new long[members.length];
            long total = 0;
            for (int j = 0; j < members.length; j++) {
                sizes[j] = parameters.get(members[j]).getArray().size();
                total += sizes[j];
            }
            NDArray any = parameters.get(members[0]).getArray();
            first = any.getManager().zeros(new ai.djl.ndarray.types.Shape(total), any.getDataType());
            second = first.zerosLike();
            long offset = 0;
            for (int j = 0; j < members.length; j++) {
                ai.djl.ndarray.types.Shape shape = parameters.get(members[j]).getArray().getShape();
                NDIndex range = new NDIndex().addSliceDim(offset, offset + sizes[j]);
                firstMoments[members[j]] = first.get(range).reshape(shape);
                secondMoments[members[j]] = second.get(range).reshape(shape);
                offset += sizes[j];
            }
        }

        NDArray flatten(List<NDArray> arrays) {
            NDList parts = new NDList(members.length);
            for (int member : members) {
                parts.add(arrays.get(member).reshape(-1));
            }
            return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
        }

        void update(NDArray grad, double stepSize) {
            if (weightDecay != 0) {
                List<NDArray> weights = new ArrayList<>();
                parameters.forEach(p -> weights.add(p.getArray().stopGradient()));
                grad = grad.add(flatten(weights).mul(weightDecay));
            }
            first.muli(beta1).addi(grad.mul(1.0 - beta1));
            second.muli(beta2).addi(grad.square().mul(1.0 - beta2));
            NDArray delta = first.div(second.sqrt().add(epsilon)).mul(stepSize);
            long offset = 0;
            for (int j = 0; j < members.length; j++) {
                NDArray weight = parameters.get(members[j]).getArray();
                weight.subi(delta.get(new NDIndex().addSliceDim(offset, offset + sizes[j])).reshape(weight.getShape()));
                offset += sizes[j];
            }
        }

        /** Copies saved moments into the flat vectors in place, so the per-parameter views stay live. */
        void restore(NDList moments) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                List<NDArray> firsts = new ArrayList<>();
                List<NDArray> seconds = new ArrayList<>();
                for (int i = 0; i < parameters.size(); i++) {
                    firsts.add(moments.get(i).toType(first.getDataType(), false));
                    seconds.add(moments.get(parameters.size() + i).toType(first.getDataType(), false));
                }
                first.set(new NDIndex("..."), flatten(firsts));
                second.set(new NDIndex("..."), flatten(seconds));
            }
        }
    }
}
