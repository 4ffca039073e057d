package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.boltzflow.boltzmann.io.DcdFile;
import org.boltzflow.boltzmann.io.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MdCommandTest {
    static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));

    @TempDir
    Path dir;

    @Test
    void writesOneFramePerSaveInterval() throws Exception {
        Path out = dir.resolve("traj.dcd");
        int code = BoltzflowCommand.execute("md", "--prmtop",
                DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop").toString(), "--solvent", "obc1",
                "--steps", "300", "--save-every", "100", "--seed", "3", "--out", out.toString());
        assertEquals(0, code);
        Trajectory trajectory = DcdFile.read(out);
        assertEquals(3, trajectory.frameCount());
        assertEquals(22, trajectory.atomCount());
        trajectory.requireFinite(out.toString());
    }

    @Test
    void mismatchingStartCoordinatesAreRefused() throws Exception {
        Path out = dir.resolve("traj.dcd");
        int code = BoltzflowCommand.execute("md", "--prmtop",
                DATA.resolve("alanine-dipeptide/alanine-dipeptide.prmtop").toString(), "--coords",
                DATA.resolve("peptide-kd/peptide-kd.pdb").toString(), "--steps", "10", "--save-every", "5", "--out",
                out.toString());
        assertEquals(CliErrors.BAD_INPUT, code);
        assertFalse(Files.exists(out));
    }
}
