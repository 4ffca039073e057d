package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.flows.io.InputContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated prmtop, PDB, DCD and SDF files and generated SMILES: every read gives a valid result or an
 * {@link org.boltzflow.flows.io.InvalidInputException} naming the input, never another exception and never a hang.
 */
class MoleculeReaderFuzzTest {
    private static final Path DATA = Path.of(System.getProperty("boltzflow.data", "../data"));
    private static Path dir;
    private static String prmtop;
    private static String pdb;
    private static byte[] dcd;
    private static String sdf;

    @BeforeAll
    static void fixtures() throws IOException {
        dir = Files.createTempDirectory("molecule-fuzz");
        Path ala = DATA.resolve("alanine-dipeptide");
        prmtop = Files.readString(ala.resolve("alanine-dipeptide.prmtop"), StandardCharsets.ISO_8859_1);
        pdb = Files.readString(ala.resolve("alanine-dipeptide.pdb"), StandardCharsets.ISO_8859_1);
        Trajectory frames = PdbFile.read(ala.resolve("alanine-dipeptide.pdb")).trajectory();
        Trajectory two = new Trajectory(frames.atomCount(), List.of(frames.frame(0), frames.frame(0)));
        Path dcdFile = dir.resolve("two.dcd");
        DcdFile.write(dcdFile, two, 0.002, 10);
        dcd = Files.readAllBytes(dcdFile);
        List<String> lines = Files.readAllLines(DATA.resolve("mmff").resolve("reference.sdf"));
        int end = 0;
        for (int records = 0; records < 3; end++) {
            if (lines.get(end).equals("$$$$")) {
                records++;
            }
        }
        sdf = String.join("\n", lines.subList(0, end)) + "\n";
    }

    @Test
    void mutatedPrmtops() throws Exception {
        InputContract.forSeeds(11L, 400, MoleculeReaderFuzzTest::mutatedPrmtop);
    }

    private static void mutatedPrmtop(long seed) throws IOException {
        String text = InputContract.mutate(prmtop, seed);
        Path file = write("fuzz.prmtop", text.getBytes(StandardCharsets.ISO_8859_1));
        InputContract.validOrRefused(file.toString(), "prmtop mutation seed " + seed, () -> PrmtopReader.read(file));
    }

    @Test
    void mutatedPdbs() throws Exception {
        InputContract.forSeeds(12L, 1500, MoleculeReaderFuzzTest::mutatedPdb);
    }

    private static void mutatedPdb(long seed) throws IOException {
        String text = InputContract.mutate(pdb, seed);
        Path file = write("fuzz.pdb", text.getBytes(StandardCharsets.ISO_8859_1));
        InputContract.validOrRefused(file.toString(), "pdb mutation seed " + seed, () -> PdbFile.read(file));
    }

    @Test
    void mutatedDcds() throws Exception {
        InputContract.forSeeds(13L, 2000, MoleculeReaderFuzzTest::mutatedDcd);
    }

    private static void mutatedDcd(long seed) throws IOException {
        Path file = write("fuzz.dcd", InputContract.mutate(dcd, seed));
        InputContract.validOrRefused(file.toString(), "dcd mutation seed " + seed, () -> DcdFile.read(file));
    }

    @Test
    void mutatedSdfs() throws Exception {
        InputContract.forSeeds(14L, 300, MoleculeReaderFuzzTest::mutatedSdf);
    }

    private static void mutatedSdf(long seed) throws IOException {
        byte[] bytes = seed % 3 == 0 ? InputContract.mutate(sdf.getBytes(StandardCharsets.UTF_8), seed)
                : InputContract.mutate(sdf, seed).getBytes(StandardCharsets.UTF_8);
        Path file = write("fuzz.sdf", bytes);
        InputContract.validOrRefused(file.toString(), "sdf mutation seed " + seed, () -> MoleculeSdf.read(file));
    }

    @Test
    void generatedSmiles() {
        SplittableRandom random = new SplittableRandom(15L);
        for (int t = 0; t < 1500; t++) {
            StringBuilder smiles = new StringBuilder();
            for (int k = random.nextInt(41); k > 0; k--) {
                smiles.append(SMILES_TOKENS.get(random.nextInt(SMILES_TOKENS.size())));
            }
            String text = smiles.toString();
            InputContract.validOrRefused("SMILES", "'" + text + "'", () -> CdkTopology.fromSmiles(text));
        }
    }

    private static final List<String> SMILES_TOKENS = List.of("C", "c", "N", "n", "O", "o", "S", "Cl", "Br", "F", "P",
            "(", ")", "=", "#", "1", "2", "%10", "[NH4+]", "[O-]", "[13C@@H]", "[Fe+2]", "[", "]", ".", "/", "\\",
            "@", "[*]", "[Xx]", "c1ccccc1", "B", "b", "I", " ", "", "+", "-");

    private static Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }
}
