package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.boltzflow.examples.generator.RunConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunOptionsTest {
    private static RunConfig requested(String preset, String... args) {
        RunCommand command = new RunCommand();
        new CommandLine(command).parseArgs(args);
        return command.options.requested(RunConfig.preset(preset));
    }

    @Test
    void aTemperatureMovesTheReplicaLadderWithIt() {
        RunConfig preset = RunConfig.preset("default");
        assertEquals(300, preset.temperature());
        assertEquals(450, preset.md().maxTemperature());
        RunConfig hot = requested("default", "--temperature", "500").validated("command line");
        assertEquals(500, hot.temperature());
        assertEquals(750, hot.md().maxTemperature(), 1e-9);
        assertEquals(450, requested("default", "--seed", "3").md().maxTemperature());
        RunConfig plain = requested("tiny", "--temperature", "500");
        assertEquals(1, plain.md().replicas());
        assertEquals(RunConfig.preset("tiny").md().maxTemperature(), plain.md().maxTemperature());
    }
}
