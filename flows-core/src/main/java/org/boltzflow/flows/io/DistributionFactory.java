package org.boltzflow.flows.io;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.boltzflow.flows.Distribution;
import org.boltzflow.flows.FlowLayer;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.distributions.GaussianMixture;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.distributions.UniformBox;
import org.boltzflow.flows.distributions.VonMises;
import org.boltzflow.flows.targets.CylinderTarget;
import org.boltzflow.flows.targets.EightGaussians;
import org.boltzflow.flows.targets.Ring;
import org.boltzflow.flows.targets.TwoMoons;

/**
 * Rebuilds flows-core's distributions, analytic targets and {@link NormalizingFlow} from their architecture JSON.
 * Parameter values are placeholders here; {@link FlowIO#load} fills in the saved ones.
 */
public final class DistributionFactory implements ComponentFactory {
    @Override
    public Set<String> types() {
        return Set.of("DiagonalGaussian", "UniformBox", "VonMises", "GaussianMixture", "ProductDistribution",
                "NormalizingFlow", "TwoMoons", "EightGaussians", "Ring", "CylinderTarget");
    }

    @Override
    public Object create(JsonObject json, NDManager manager, ComponentRegistry registry) {
        DataType dtype = ArchitectureJson.dtype(json);
        String type = json.get("type").getAsString();
        return switch (type) {
            case "DiagonalGaussian" -> new DiagonalGaussian(manager, ArchitectureJson.integer(json, "dim"),
                    ArchitectureJson.bool(json, "trainable"), dtype);
            case "UniformBox" -> {
                int dim = ArchitectureJson.integer(json, "dim");
                double[] high = new double[dim];
                java.util.Arrays.fill(high, 1.0);
                yield new UniformBox(manager, new double[dim], high, dtype);
            }
            case "VonMises" -> new VonMises(manager, ArchitectureJson.integer(json, "dim"), 1.0,
                    ArchitectureJson.bool(json, "trainable"), dtype);
            case "GaussianMixture" -> GaussianMixture.random(manager, ArchitectureJson.integer(json, "components"),
                    ArchitectureJson.integer(json, "dim"), ArchitectureJson.bool(json, "trainable"), dtype, 0L);
            case "ProductDistribution" -> new ProductDistribution(
                    children(ArchitectureJson.array(json, "blocks"), manager, registry, Distribution.class));
            case "NormalizingFlow" -> new NormalizingFlow(
                    registry.create(ArchitectureJson.object(json, "base"), manager, Distribution.class),
                    children(ArchitectureJson.array(json, "layers"), manager, registry, FlowLayer.class));
            case "TwoMoons" -> new TwoMoons(dtype);
            case "EightGaussians" -> new EightGaussians(ArchitectureJson.number(json, "radius"),
                    ArchitectureJson.number(json, "sigma"), dtype);
            case "Ring" -> new Ring(ArchitectureJson.number(json, "radius"), ArchitectureJson.number(json, "sigma"),
                    dtype);
            case "CylinderTarget" -> new CylinderTarget(dtype);
            default -> throw new IllegalArgumentException("DistributionFactory cannot build '" + type + "'");
        };
    }

    private static <T> List<T> children(Iterable<JsonElement> array, NDManager manager, ComponentRegistry registry,
            Class<T> kind) {
        List<T> built = new ArrayList<>();
        for (JsonElement e : array) {
            built.add(registry.create(e.getAsJsonObject(), manager, kind));
        }
        return built;
    }
}
