package org.boltzflow.flows.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.NDMath;

/**
 * Adam (Kingma &amp; Ba) over a fixed list of parameters, with its moment estimates and step count exposed so that a
 * checkpoint restores them exactly and a resumed run is bit-identical to an uninterrupted one. DJL's own Adam keeps
 * that state private, which is why this small class exists. Same update rule and defaults as DJL's Adam.
 */
public final class CheckpointableAdam {
    private final List<Parameter> parameters;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long updates;

    /** Adam over {@code parameters}; moments start at zero, in each parameter's own manager. */
    public CheckpointableAdam(List<Parameter> parameters, double beta1, double beta2, double epsilon,
            double weightDecay) {
        this.parameters = List.copyOf(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        for (Parameter p : this.parameters) {
            firstMoments.add(p.getArray().zerosLike());
            secondMoments.add(p.getArray().zerosLike());
        }
    }

    /** One update with learning rate {@code lr}; {@code gradients.get(i)} belongs to parameter i. */
    public void update(List<NDArray> gradients, double lr) {
        updates++;
        double stepSize = lr * Math.sqrt(1.0 - Math.pow(beta2, updates)) / (1.0 - Math.pow(beta1, updates));
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < parameters.size(); i++) {
                NDArray weight = parameters.get(i).getArray();
                NDArray grad = gradients.get(i);
                if (weightDecay != 0) {
                    grad = grad.add(weight.stopGradient().mul(weightDecay));
                }
                firstMoments.get(i).muli(beta1).addi(grad.mul(1.0 - beta1));
                secondMoments.get(i).muli(beta2).addi(grad.square().mul(1.0 - beta2));
                NDArray delta = firstMoments.get(i).div(secondMoments.get(i).sqrt().add(epsilon)).mul(stepSize);
                weight.subi(delta);
            }
        }
    }

    /** How many updates have been made. */
    public long updates() {
        return updates;
    }

    /** The moment estimates, first moments then second moments, in parameter order (live arrays, not copies). */
    public NDList moments() {
        NDList list = new NDList();
        list.addAll(firstMoments);
        list.addAll(secondMoments);
        return list;
    }

    /** Restores the state a checkpoint saved: {@link #moments()} values and the update count. */
    public void restore(NDList moments, long updateCount) {
        if (moments.size() != 2 * parameters.size()) {
            throw new IllegalArgumentException("optimizer state has " + moments.size() + " arrays, expected "
                    + 2 * parameters.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            copyInto(moments.get(i), firstMoments.get(i), "first moment " + i);
            copyInto(moments.get(parameters.size() + i), secondMoments.get(i), "second moment " + i);
        }
        this.updates = updateCount;
    }

    private static void copyInto(NDArray source, NDArray target, String what) {
        if (!source.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("optimizer " + what + " has shape " + source.getShape() + ", expected "
                    + target.getShape());
        }
        NDMath.assign(target, source);
    }
}
