package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.io.Trajectory;
import org.junit.jupiter.api.Test;

class CvBoostTest {
    private static final ThermodynamicState STATE = ThermodynamicState.at(300);
    /** A periodic variable that reads the first coordinate of a one-atom frame as an angle. */
    private static final CollectiveVariable ANGLE = CollectiveVariable.of("a", CollectiveVariable.Unit.RADIAN, true,
            xyz -> xyz[0]);

    /** {@code count} one-atom frames at the centre of bin {@code bin} of 72 on the circle. */
    private static void addFrames(List<double[]> frames, int bin, int count) {
        double angle = -Math.PI + (bin + 0.5) * 2 * Math.PI / 72;
        for (int i = 0; i < count; i++) {
            frames.add(new double[] {angle, 0, 0});
        }
    }

    /** 990 frames in bin 10 and 10 in bin 40. */
    private static List<double[]> twoBins() {
        List<double[]> frames = new ArrayList<>();
        addFrames(frames, 10, 990);
        addFrames(frames, 40, 10);
        return frames;
    }

    @Test
    void theLogWeightRisesWithTheFreeEnergyAboveTheThresholdTimesOneMinusTheSlope() {
        List<double[]> frames = twoBins();
        CvBoost boost = CvBoost.fit(List.of(ANGLE), new Trajectory(1, frames), STATE, 5.0, 0.5);
        double kT = STATE.kT();
        // smoothing twice spreads a bin's mass as [1, 4, 6, 4, 1] / 16: the centres keep 6/16 of 0.99 and 0.01
        double rare = 0.5 * (Math.log(99) - 5.0 / kT);
        assertEquals(0.0, boost.logBoost(frames.get(0), 0), 1e-12);
        assertEquals(rare, boost.logBoost(frames.get(999), 0), 1e-12);
        // two bins beside the rare one: 1/16 of its mass, F = kT ln(6 * 99)
        double edge = -Math.PI + (42 + 0.5) * 2 * Math.PI / 72;
        assertEquals(0.5 * (Math.log(6 * 99) - 5.0 / kT), boost.logBoost(new double[] {edge, 0, 0}, 0), 1e-12);
        // a cell no frame reaches takes the highest free energy of a reached cell, the same edge value
        assertEquals(0.5 * (Math.log(6 * 99) - 5.0 / kT), boost.logBoost(new double[] {0.0, 0, 0}, 0), 1e-12);
        // beside the common bin the free energy kT ln(6/4) is below the threshold: no boost
        double nearCommon = -Math.PI + (11 + 0.5) * 2 * Math.PI / 72;
        assertEquals(0.0, boost.logBoost(new double[] {nearCommon, 0, 0}, 0), 1e-12);
        double[] packed = {frames.get(0)[0], 0, 0, frames.get(999)[0], 0, 0};
        double[] both = boost.logBoosts(packed, 1);
        assertEquals(0.0, both[0], 1e-12);
        assertEquals(rare, both[1], 1e-12);
    }

    @Test
    void aSlopeOfZeroFlattensEverythingAboveTheThreshold() {
        List<double[]> frames = twoBins();
        CvBoost flat = CvBoost.fit(List.of(ANGLE), new Trajectory(1, frames), STATE, 5.0, 0.0);
        // the boosted free energy of the rare bin is the threshold itself
        assertEquals(Math.log(99) - 5.0 / STATE.kT(), flat.logBoost(frames.get(999), 0), 1e-12);
    }

    @Test
    void binsShrinkWithMoreVariablesAndTooManyAreRefused() {
        assertEquals(72, CvBoost.binsFor(1));
        assertEquals(36, CvBoost.binsFor(2));
        assertEquals(11, CvBoost.binsFor(3));
        assertEquals(6, CvBoost.binsFor(4));
        assertEquals(4, CvBoost.binsFor(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CvBoost.binsFor(11));
        assertTrue(e.getMessage().contains("11 collective variables"), e.getMessage());
    }

    @Test
    void refusesNonPeriodicVariablesAndSettingsOutOfRange() {
        List<double[]> frames = new ArrayList<>();
        addFrames(frames, 3, 5);
        Trajectory t = new Trajectory(1, frames);
        CollectiveVariable length = CollectiveVariable.of("d", CollectiveVariable.Unit.NANOMETER, false,
                xyz -> xyz[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CvBoost.fit(List.of(ANGLE, length), t, STATE, 5.0, 0.5));
        assertTrue(e.getMessage().contains("'d' is not"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CvBoost.fit(List.of(ANGLE), t, STATE, 0.0, 0.5));
        assertTrue(e.getMessage().contains("threshold"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CvBoost.fit(List.of(ANGLE), t, STATE, 5.0, 1.0));
        assertTrue(e.getMessage().contains("slope"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CvBoost.fit(List.of(ANGLE), new Trajectory(1, List.of()), STATE, 5.0, 0.5));
        assertTrue(e.getMessage().contains("reference frames"), e.getMessage());
    }
}
