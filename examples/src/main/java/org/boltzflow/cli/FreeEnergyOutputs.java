package org.boltzflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.boltzflow.boltzmann.cv.Axis;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.CvDefinition;
import org.boltzflow.boltzmann.cv.FreeEnergySurface;
import org.boltzflow.boltzmann.cv.WeightedEnsemble;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.mcmc.estimators.Estimate;
import org.boltzflow.report.FreeEnergyPlots;

/** The files {@code estimate} writes beside its JSON: free-energy surfaces as CSV and PNG, and tables as CSV. */
final class FreeEnergyOutputs {
    private static final double SURFACE_CAP_KJ_MOL = 40;

    private FreeEnergyOutputs() {}

    /**
     * The surface along {@code spec} ("CV" or "CV1,CV2") written as {@code <out>.pmf.csv} and {@code <out>.pmf.png}
     * (2D: with the definition's states outlined).
     */
    static FreeEnergySurface pmf(WeightedEnsemble ensemble, CvDefinition definition, String spec, int bins,
            ThermodynamicState state, long seed, Path out, PrintWriter console) throws IOException {
        String[] names = spec.split(",");
        if (names.length > 2 || spec.isBlank()) {
            throw new IllegalArgumentException("--pmf '" + spec + "': give one CV or two, e.g. phi or phi,psi");
        }
        if (bins < 2) {
            throw new IllegalArgumentException("--bins must be at least 2, got " + bins);
        }
        List<Axis> axes = new ArrayList<>();
        for (String name : names) {
            try {
                axes.add(ensemble.axis(definition.variable(name.trim()), bins));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--pmf: " + e.getMessage(), e);
            }
        }
        FreeEnergySurface surface = axes.size() == 1 ? ensemble.pmf(state, axes.get(0), seed)
                : ensemble.pmf(state, axes.get(0), axes.get(1), seed);
        Path csv = sibling(out, ".pmf.csv");
        Path png = sibling(out, ".pmf.png");
        AtomicFiles.writeString(csv, csv(surface));
        String title = "free energy along " + spec + " at " + state.temperature() + " K";
        if (axes.size() == 1) {
            FreeEnergyPlots.profiles(png, title, Map.of(names[0].trim(), surface));
        } else {
            FreeEnergyPlots.surfaces(png, List.of(new FreeEnergyPlots.Panel(title, surface)), definition.states(),
                    SURFACE_CAP_KJ_MOL);
        }
        console.printf("free-energy surface along %s (%d bins per CV): %s, %s%n", spec, bins, csv, png);
        return surface;
    }

    /** A surface as CSV: bin centres (degrees for angles), probability, free energy and its error in kJ/mol. */
    static String csv(FreeEnergySurface surface) {
        List<Axis> axes = surface.axes();
        StringBuilder sb = new StringBuilder();
        for (Axis a : axes) {
            sb.append(a.variable().name()).append(degrees(a) ? "_deg," : ",");
        }
        sb.append("probability,free_energy_kj_mol,error_kj_mol\n");
        int inner = axes.size() == 2 ? axes.get(1).bins() : 1;
        for (int k = 0; k < surface.size(); k++) {
            sb.append(center(axes.get(0), k / inner)).append(',');
            if (axes.size() == 2) {
                sb.append(center(axes.get(1), k % inner)).append(',');
            }
            Estimate f = surface.at(k);
            sb.append(number(surface.probability()[k])).append(',').append(number(f.value())).append(',')
                    .append(number(f.stdError())).append('\n');
        }
        return sb.toString();
    }

    /** The path beside {@code out} with {@code suffix} in place of its extension. */
    static Path sibling(Path out, String suffix) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
    }

    private static boolean degrees(Axis a) {
        return a.variable().unit() == CollectiveVariable.Unit.RADIAN;
    }

    private static String center(Axis a, int k) {
        double c = a.center(k);
        return number(degrees(a) ? Math.toDegrees(c) : c);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.8g", v);
    }
}
