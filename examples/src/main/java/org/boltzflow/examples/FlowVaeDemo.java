package org.boltzflow.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.FlowResult;
import org.boltzflow.flows.HasParameters;
import org.boltzflow.flows.NDMath;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.layers.MaskedAffineAutoregressive;
import org.boltzflow.flows.layers.Permutation;
import org.boltzflow.flows.nn.Activation;
import org.boltzflow.flows.nn.Mlp;
import org.boltzflow.flows.training.Trainer;

/**
 * A variational autoencoder on the binarized 8x8 digits (pixel &gt; 8) whose approximate posterior is, optionally,
 * a conditional flow (as normflows' VAE example): the encoder gives a Gaussian {@code N(μ(x), σ(x)²)} and a
 * context {@code h(x)}; with a flow, the Gaussian draw is pushed through conditional IAF layers that read
 * {@code h(x)}, so q(z | x) can be non-Gaussian. The decoder gives Bernoulli logits per pixel and the prior is
 * standard normal. Trained and evaluated by the ELBO {@code E_q[log p(x | z) + log p(z) - log q(z | x)]}.
 */
public final class FlowVaeDemo {
    private static final int PIXELS = 64;
    private static final int EVALUATION_DRAWS = 16;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The settings of one run: latent size, hidden width, flow layers (0 = Gaussian posterior), steps, batch. */
    public record Settings(int latent, int hidden, int flowLayers, int steps, int batch, double learningRate,
            long seed) {}

    /** The trained model's test ELBO (nats per image, averaged over draws) and each step's loss. */
    public record Result(double testElbo, double[] losses) {}

    private FlowVaeDemo() {}

    /** Trains on {@code train} and returns the test ELBO on {@code test} (images as pixel values 0..16). */
    public static Result run(Settings s, double[][] train, double[][] test, NDManager manager) {
        int context = s.hidden();
        Mlp encoder = new Mlp(manager, Mlp.sizes(PIXELS, new int[] {s.hidden()}, 2 * s.latent() + context),
                Activation.TANH, false, DataType.FLOAT64, Rng.derive(s.seed(), 0));
        Mlp decoder = new Mlp(manager, Mlp.sizes(s.latent(), new int[] {s.hidden()}, PIXELS), Activation.TANH,
                false, DataType.FLOAT64, Rng.derive(s.seed(), 1));
        List<FlowLayer> flow = new ArrayList<>();
        for (int i = 0; i < s.flowLayers(); i++) {
            flow.add(new MaskedAffineAutoregressive(manager, context, new int[] {s.hidden()},
                    MaskedAffineAutoregressive.naturalOrdering(s.latent()), Activation.TANH, 2.0,
                    MaskedAffineAutoregressive.Direction.IAF, DataType.FLOAT64, Rng.derive(s.seed(), 2 + i)));
            flow.add(Permutation.reverse(manager, s.latent()));
        }
        HasParameters model = new HasParameters() {
            @Override
            public List<Parameter> parameters() {
                List<Parameter> all = new ArrayList<>(encoder.parameters());
                all.addAll(decoder.parameters());
                flow.forEach(layer -> all.addAll(layer.parameters()));
                return all;
            }
        };
        Trainer trainer = Trainer.builder(model).learningRate(Tracker.cosine().setBaseValue((float) s.learningRate())
                .optFinalValue((float) s.learningRate() / 20).setMaxUpdates(s.steps()).build()).maxGradNorm(100.0)
                .build();
        List<Double> losses = new ArrayList<>();
        trainer.fit((m, step, seed) -> {
            int[] rows = new SplittableRandom(seed).ints(s.batch(), 0, train.length).toArray();
            return elbo(s, encoder, decoder, flow, binarized(m, train, rows), Rng.derive(seed, 1)).mean().neg();
        }, 0, s.steps(), Rng.derive(s.seed(), 100), r -> losses.add(r.loss()));
        double sum = 0;
        try (NDManager scratch = manager.newSubManager()) {
            int[] all = java.util.stream.IntStream.range(0, test.length).toArray();
            NDArray x = binarized(scratch, test, all);
            for (int d = 0; d < EVALUATION_DRAWS; d++) {
                sum += elbo(s, encoder, decoder, flow, x, Rng.derive(s.seed(), 200 + d)).sum().getDouble();
            }
        }
        return new Result(sum / (EVALUATION_DRAWS * test.length),
                losses.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The ELBO of each row of {@code x}, one posterior draw each. */
    private static NDArray elbo(Settings s, Mlp encoder, Mlp decoder, List<FlowLayer> flow, NDArray x, long seed) {
        int l = s.latent();
        NDArray out = encoder.apply(x);
        NDArray mu = out.get(":, 0:" + l);
        NDArray logSigma = NDMath.clip(out.get(":, " + l + ":" + 2 * l), -6, 2);
        NDArray context = out.get(":, " + 2 * l + ":").tanh();
        NDArray eps = Rng.normal(x.getManager(), new Shape(x.getShape().get(0), l), DataType.FLOAT64, seed);
        NDArray z = mu.add(eps.mul(logSigma.exp()));
        NDArray logQ = NDMath.scale(eps.square(), -0.5).sub(logSigma).sum(new int[] {1}).sub(0.5 * l * LOG_2PI);
        for (FlowLayer layer : flow) {
            FlowResult r = layer.forward(z, context);
            z = r.value();
            logQ = logQ.sub(r.logDet());
        }
        NDArray logPrior = NDMath.scale(z.square(), -0.5).sum(new int[] {1}).sub(0.5 * l * LOG_2PI);
        NDArray logits = decoder.apply(z);
        // log Bernoulli(x | sigmoid(logits)) = x·logits - softplus(logits)
        NDArray logLikelihood = x.mul(logits).sub(ai.djl.nn.Activation.softPlus(logits)).sum(new int[] {1});
        return logLikelihood.add(logPrior).sub(logQ);
    }

    /** Rows {@code rows} of {@code images}, binarized at pixel value 8, as {@code (n, 64)}. */
    private static NDArray binarized(NDManager manager, double[][] images, int[] rows) {
        double[] values = new double[rows.length * PIXELS];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < PIXELS; j++) {
                values[r * PIXELS + j] = images[rows[r]][j] > 8 ? 1.0 : 0.0;
            }
        }
        return manager.create(values, new Shape(rows.length, PIXELS));
    }
}
