package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link BenchAmberCommand}'s rounds: each side's best round, the per-round ratios, and its argument checks. */
class BenchAmberCommandTest {
    @Test
    void ratesKeepEachSidesBestRoundAndReportThePerRoundRatios() {
        BenchAmberCommand.Rates ours = new BenchAmberCommand.Rates();
        BenchAmberCommand.Rates theirs = new BenchAmberCommand.Rates();
        double[][] rounds = {{300, 310, 10}, {360, 350, 12}, {330, 340, 10}}; // ours wall, ours cpu, theirs
        for (double[] round : rounds) {
            ours.add(new BenchAmberCommand.Rate(round[0], round[1]));
            theirs.add(new BenchAmberCommand.Rate(round[2], round[2]));
        }
        assertEquals(new BenchAmberCommand.Rate(360, 350), ours.best());
        assertEquals("30.0/30.0/33.0x", ours.roundRatios(theirs));
        theirs.add(new BenchAmberCommand.Rate(20, 20));
        ours.add(new BenchAmberCommand.Rate(640, 640));
        assertEquals("30.0/31.0/33.0x", ours.roundRatios(theirs)); // even count: the mean of the middle two
    }

    @Test
    void refusesRoundsBelowOne() {
        BenchAmberCommand command = new BenchAmberCommand();
        command.rounds = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::call);
        assertEquals(true, e.getMessage().contains("--rounds"), e.getMessage());
    }
}
