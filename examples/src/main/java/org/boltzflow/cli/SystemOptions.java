package org.boltzflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options that name a molecular system and how it is computed, shared by the commands that take one: an AMBER
 * prmtop (no periodic box), its implicit solvent, the temperature and the thread count. Unset options are null, so
 * a command keeps its own defaults (or those of a config file). A command that takes only some of them, or gives
 * them defaults of its own, implements {@link Taken} and names {@link Tailor} as its model transformer: the options
 * it does not take are removed, and its defaults and required options show in its help.
 */
final class SystemOptions {
    @Option(names = "--prmtop", description = "AMBER topology (prmtop) without periodic box.")
    Path prmtop;

    @Option(names = "--solvent", description = "Implicit solvent: vacuum, obc1 or obc2.")
    String solvent;

    @Option(names = "--temperature", converter = OptionValues.PositiveDouble.class, description = "Temperature in K.")
    Double temperature;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class,
            description = "Threads for MD and energy evaluations.")
    Integer threads;

    /** The solvent given, else {@code fallback}. */
    String solvent(String fallback) {
        return solvent != null ? solvent : fallback;
    }

    /** The temperature given, else {@code fallback}. */
    double temperature(double fallback) {
        return temperature != null ? temperature : fallback;
    }

    /** The thread count given, else {@code fallback}. */
    int threads(int fallback) {
        return threads != null ? threads : fallback;
    }

    /**
     * How a command takes one system option: its name, its default value (null: none; the command decides when the
     * option is not given), a description of a default that is not a plain value (null: none), and whether it must be
     * given.
     */
    record Use(String option, String defaultValue, String defaultText, boolean required) {
        /** The option with the default value {@code value} (null: none). */
        static Use of(String option, String value) {
            return new Use(option, value, null, false);
        }

        /** The option without a default value; when not given, {@code text} describes what the command uses. */
        static Use describedDefault(String option, String text) {
            return new Use(option, null, text, false);
        }

        /** The option, which must be given. */
        static Use required(String option) {
            return new Use(option, null, null, true);
        }
    }

    /** A command that takes only some of the system options, or with defaults of its own. */
    interface Taken {
        /** The system options the command takes. */
        List<Use> systemOptions();
    }

    /** Fits the system options to a {@link Taken} command: removes the others, sets defaults and required ones. */
    static final class Tailor implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            if (!(spec.userObject() instanceof Taken command)) {
                return spec;
            }
            List<Use> uses = command.systemOptions();
            List<String> system = List.of("--prmtop", "--solvent", "--temperature", "--threads");
            // removed and added again in their order, so that the help keeps the command's order of options
            List<OptionSpec> options = new ArrayList<>(spec.options());
            options.forEach(spec::remove);
            for (OptionSpec option : options) {
                if (!system.contains(option.longestName())) {
                    spec.addOption(option);
                } else {
                    uses.stream().filter(u -> u.option().equals(option.longestName())).findFirst()
                            .ifPresent(use -> spec.addOption(tailored(option, use)));
                }
            }
            return spec;
        }

        private static OptionSpec tailored(OptionSpec option, Use use) {
            String description = option.description()[0];
            String shown = use.defaultValue() != null ? "${DEFAULT-VALUE}" : use.defaultText();
            if (shown != null) {
                description = description.replaceFirst("\\.$", "") + " (default: " + shown + ").";
            }
            return option.toBuilder().defaultValue(use.defaultValue()).required(use.required())
                    .description(description).build();
        }
    }
}
