package org.boltzflow.flows.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Target;
import org.boltzflow.flows.distributions.Bessel;

/**
 * A normalized density on the torus: a mixture of products of two von Mises densities, component k with weight
 * {@code w[k]}, locations {@code (mu[k][0], mu[k][1])} and concentrations {@code (kappa[k][0], kappa[k][1])}. Its
 * marginals are one-dimensional von Mises mixtures, known in closed form.
 */
record VonMisesMixture(double[] w, double[][] mu, double[][] kappa) implements Target {
    @Override
    public int dim() {
        return 2;
    }

    @Override
    public NDArray logProb(NDArray x) {
        NDList components = new NDList();
        for (int k = 0; k < w.length; k++) {
            NDArray c = x.get(":, 0:1").sub(mu[k][0]).cos().mul(x.getManager().create(kappa[k][0]))
                    .add(x.get(":, 1:2").sub(mu[k][1]).cos().mul(x.getManager().create(kappa[k][1])))
                    .add(Math.log(w[k]) - logNormalizer(kappa[k][0]) - logNormalizer(kappa[k][1]));
            components.add(c);
        }
        return NDMath.logSumExp(NDArrays.concat(components, 1), 1);
    }

    /** The marginal density of coordinate {@code axis} at angle {@code angle}. */
    double marginal(int axis, double angle) {
        double p = 0;
        for (int k = 0; k < w.length; k++) {
            p += w[k] * Math.exp(kappa[k][axis] * Math.cos(angle - mu[k][axis]) - logNormalizer(kappa[k][axis]));
        }
        return p;
    }

    private static double logNormalizer(double kappa) {
        return Math.log(2 * Math.PI) + Bessel.logI0(kappa);
    }
}
