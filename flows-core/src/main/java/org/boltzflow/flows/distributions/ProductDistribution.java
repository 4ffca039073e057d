package org.boltzflow.flows.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.Domain;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.Sample;
import org.boltzflow.flows.io.ComponentRegistry;

/**
 * Independent blocks of coordinates, each with its own distribution, side by side: block {@code i} owns the next
 * {@code blocks[i].dim()} columns. This is how circular coordinates (von Mises or uniform on the circle), bounded
 * ones (uniform) and unbounded ones (Gaussian) share one base. Block {@code i} samples with
 * {@code Rng.derive(seed, i)}.
 */
public final class ProductDistribution implements Distribution {
    private final List<Distribution> blocks;
    private final int dim;

    /** The product of {@code blocks}, in column order. */
    public ProductDistribution(List<? extends Distribution> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a product distribution needs at least one block");
        }
        this.blocks = List.copyOf(blocks);
        this.dim = this.blocks.stream().mapToInt(Distribution::dim).sum();
    }

    /**
     * A block per run of consecutive coordinates of the same sort, chosen by their domain: a standard normal for
     * {@code UNBOUNDED}, the uniform distribution on [low, high) for {@code BOUNDED} and {@code CIRCULAR}. Grouping
     * runs keeps the number of blocks (and of array slices per evaluation) small.
     */
    public static ProductDistribution forDomains(NDManager manager, List<Domain> domains, DataType dtype) {
        List<Distribution> blocks = new ArrayList<>();
        int start = 0;
        while (start < domains.size()) {
            boolean unbounded = domains.get(start).kind() == Domain.Kind.UNBOUNDED;
            int end = start + 1;
            while (end < domains.size() && (domains.get(end).kind() == Domain.Kind.UNBOUNDED) == unbounded) {
                end++;
            }
            List<Domain> run = domains.subList(start, end);
            blocks.add(unbounded ? new DiagonalGaussian(manager, run.size(), false, dtype)
                    : new UniformBox(manager, run.stream().mapToDouble(Domain::low).toArray(),
                            run.stream().mapToDouble(Domain::high).toArray(), dtype));
            start = end;
        }
        return new ProductDistribution(blocks);
    }

    /** The blocks, in column order. */
    public List<Distribution> blocks() {
        return blocks;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public NDArray logProb(NDArray x) {
        NDArray total = null;
        int start = 0;
        for (Distribution block : blocks) {
            NDArray part = block.logProb(x.get(":, " + start + ":" + (start + block.dim())));
            total = total == null ? part : total.add(part);
            start += block.dim();
        }
        return total;
    }

    @Override
    public Sample sample(NDManager manager, int n, long seed) {
        NDList xs = new NDList();
        NDArray logProb = null;
        for (int i = 0; i < blocks.size(); i++) {
            Sample s = blocks.get(i).sample(manager, n, Rng.derive(seed, i));
            xs.add(s.x());
            logProb = logProb == null ? s.logProb() : logProb.add(s.logProb());
        }
        return new Sample(NDArrays.concat(xs, 1), logProb);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        blocks.forEach(b -> all.addAll(b.parameters()));
        return all;
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "ProductDistribution");
        JsonArray array = new JsonArray();
        blocks.forEach(b -> array.add(b.toJson()));
        json.add("blocks", array);
        return json;
    }

    /** Rebuilds the {@code toJson()} description (parameter values are placeholders; loading fills them in). */
    public static ProductDistribution fromJson(JsonObject json, NDManager manager) {
        return new ProductDistribution(ComponentRegistry.load().createAll(json, "blocks", manager, Distribution.class));
    }
}
