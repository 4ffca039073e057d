package org.boltzflow.flows.io;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.function.BiFunction;
import org.boltzflow.flows.NormalizingFlow;
import org.boltzflow.flows.distributions.DiagonalGaussian;
import org.boltzflow.flows.distributions.GaussianMixture;
import org.boltzflow.flows.distributions.ProductDistribution;
import org.boltzflow.flows.distributions.ResampledGaussian;
import org.boltzflow.flows.distributions.UniformBox;
import org.boltzflow.flows.distributions.VonMises;
import org.boltzflow.flows.targets.CylinderTarget;
import org.boltzflow.flows.targets.EightGaussians;
import org.boltzflow.flows.targets.Ring;
import org.boltzflow.flows.targets.TwoMoons;

/** Rebuilds flows-core's distributions, analytic targets and {@link NormalizingFlow} from their architecture JSON. */
public final class DistributionFactory implements ComponentFactory {
    private static final Map<String, BiFunction<JsonObject, NDManager, Object>> BUILDERS = Map.ofEntries(
            Map.entry("DiagonalGaussian", DiagonalGaussian::fromJson),
            Map.entry("UniformBox", UniformBox::fromJson),
            Map.entry("VonMises", VonMises::fromJson),
            Map.entry("GaussianMixture", GaussianMixture::fromJson),
            Map.entry("ResampledGaussian", ResampledGaussian::fromJson),
            Map.entry("ProductDistribution", ProductDistribution::fromJson),
            Map.entry("NormalizingFlow", NormalizingFlow::fromJson),
            Map.entry("TwoMoons", TwoMoons::fromJson),
            Map.entry("EightGaussians", EightGaussians::fromJson),
            Map.entry("Ring", Ring::fromJson),
            Map.entry("CylinderTarget", CylinderTarget::fromJson));

    @Override
    public Map<String, BiFunction<JsonObject, NDManager, Object>> builders() {
        return BUILDERS;
    }
}
