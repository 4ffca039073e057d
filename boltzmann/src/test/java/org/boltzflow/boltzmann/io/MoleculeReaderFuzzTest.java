package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.topology.CdkTopology;
import org.boltzflow.flows.io.InputContract;

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

    @BeforeContainer
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

    @Property(tries = 400)
    void mutatedPrmtops(@ForAll long seed) throws IOException {
        String text = InputContract.mutate(prmtop, seed);
        Path file = write("fuzz.prmtop", text.getBytes(StandardCharsets.ISO_8859_1));
        InputContract.validOrRefused(file.toString(), "prmtop mutation seed " + seed, () -> PrmtopReader.read(file));
    }

    @Property(tries = 1500)
    void mutatedPdbs(@ForAll long seed) throws IOException {
        String text = InputContract.mutate(pdb, seed);
        Path file = write("fuzz.pdb", text.getBytes(StandardCharsets.ISO_8859_1));
        InputContract.validOrRefused(file.toString(), "pdb mutation seed " + seed, () -> PdbFile.read(file));
    }

    @Property(tries = 2000)
    void mutatedDcds(@ForAll long seed) throws IOException {
        Path file = write("fuzz.dcd", InputContract.mutate(dcd, seed));
        InputContract.validOrRefused(file.toString(), "dcd mutation seed " + seed, () -> DcdFile.read(file));
    }

    @Property(tries = 300)
    void mutatedSdfs(@ForAll long seed) throws IOException {
        byte[] bytes = seed % 3 == 0 ? InputContract.mutate(sdf.getBytes(StandardCharsets.UTF_8), seed)
                : InputContract.mutate(sdf, seed).getBytes(StandardCharsets.UTF_8);
        Path file = write("fuzz.sdf", bytes);
        InputContract.validOrRefused(file.toString(), "sdf mutation seed " + seed, () -> MoleculeSdf.read(file));
    }

    @Property(tries = 1500)
    void generatedSmiles(@ForAll("smiles") String smiles) {
        InputContract.validOrRefused("SMILES", "'" + smiles + "'", () -> CdkTopology.fromSmiles(smiles));
    }

    @Provide
    Arbitrary<String> smiles() {
        Arbitrary<String> tokens = Arbitraries.of("C", "c", "N", "n", "O", "o", "S", "Cl", "Br", "F", "P", "(", ")",
                "=", "#", "1", "2", "%10", "[NH4+]", "[O-]", "[13C@@H]", "[Fe+2]", "[", "]", ".", "/", "\\", "@",
                "[*]", "[Xx]", "c1ccccc1", "B", "b", "I", " ", "", "+", "-");
        return tokens.list().ofMinSize(0).ofMaxSize(40).map(list -> String.join("", list));
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }
}
