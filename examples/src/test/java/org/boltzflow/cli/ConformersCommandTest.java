package org.boltzflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.boltzflow.boltzmann.energy.Units;
import org.boltzflow.boltzmann.forcefield.mmff.MmffForceField;
import org.boltzflow.boltzmann.io.MoleculeSdf;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.report.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.interfaces.IStereoElement;
import org.openscience.cdk.silent.SilentChemObjectBuilder;
import org.openscience.cdk.smiles.SmiFlavor;
import org.openscience.cdk.smiles.SmilesGenerator;
import org.openscience.cdk.smiles.SmilesParser;
import org.openscience.cdk.stereo.StereoElementFactory;
import org.openscience.cdk.tools.manipulator.AtomContainerManipulator;

/** {@code boltzflow conformers} end to end with the tiny preset. */
class ConformersCommandTest {
    private static final String ALANINE = "C[C@H](N)C(=O)O";
    private static final String[] FILES = {"conformers.sdf", "ensemble.sdf", "weights.npy", "metrics.json",
        "report.md", "populations.png"};

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = BoltzflowCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    @Test
    void twoMoleculesAmongFailuresWriteEveryOutputAndARerunSkipsThem() throws Exception {
        Path out = dir.resolve("out");
        String[] args = {"conformers", "--preset", "tiny", "--window", "1000", "--threads", "2", "--out",
            out.toString(), "--smiles", ALANINE, "--smiles", "OC1CCCCC1", "--smiles", "CC(C", "--smiles", "CCB(C)C",
            "--smiles", "FS(F)(F)(F)(F)F"};
        Run first = run(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("2 finished, 0 skipped (finished before), 3 failed"), first.out());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(6, summary.size());
        assertTrue(summary.get(1).startsWith("0,C[C@H](N)C(=O)O,C[C@H](N)C(=O)O,finished,,"), summary.get(1));
        assertTrue(summary.get(2).contains(",finished,"), summary.get(2));
        assertTrue(summary.get(3).contains("failed,\"invalid SMILES 'CC(C' at position 4"), summary.get(3));
        assertTrue(summary.get(4).contains("failed,unsupported element B (atom 3)"), summary.get(4));
        assertTrue(summary.get(5).contains("failed,CDK cannot assign MMFF94 types to atom(s) S2"), summary.get(5));
        Path alanine = out.resolve("0-C_C_H_N_C_O_O");
        Path cyclohexanol = out.resolve("1-OC1CCCCC1");
        for (Path folder : List.of(alanine, cyclohexanol)) {
            for (String file : FILES) {
                assertTrue(Files.size(folder.resolve(file)) > 0, folder + "/" + file);
            }
            checkConformers(folder);
        }
        assertTrue(Files.exists(alanine.resolve("torsion-1.png")));
        String smiles = absoluteSmiles(new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(ALANINE));
        for (MoleculeSdf.Record r : MoleculeSdf.read(alanine.resolve("conformers.sdf"))) {
            assertEquals(smiles, perceivedSmiles(r.molecule()));
        }
        assertTrue(Files.readString(alanine.resolve("metrics.json")).contains("\"invalid_draws\": 0"));
        assertTrue(Files.readString(alanine.resolve("report.md")).contains("![populations](populations.png)"));

        FileTime finished = Files.getLastModifiedTime(alanine.resolve("metrics.json"));
        Run second = run(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().startsWith("0 finished, 2 skipped (finished before), 3 failed"), second.out());
        assertTrue(second.err().contains("[1/5] C[C@H](N)C(=O)O: finished earlier, skipped"), second.err());
        assertEquals(finished, Files.getLastModifiedTime(alanine.resolve("metrics.json")));
        assertEquals(summary, Files.readAllLines(out.resolve("summary.csv")));
    }

    @Test
    void theFlowSamplerWritesEveryOutputWithItsEssAndKeepsTheStereochemistry() throws Exception {
        Path out = dir.resolve("flow");
        Run flow = run("conformers", "--sampler", "flow", "--preset", "tiny", "--window", "1000", "--out",
                out.toString(), "--smiles", ALANINE, "--smiles", "OC1CCCCC1");
        assertEquals(0, flow.code(), flow.err());
        assertTrue(flow.out().startsWith("2 finished, 0 skipped (finished before), 0 failed"), flow.out());
        Path alanine = out.resolve("0-C_C_H_N_C_O_O");
        for (Path folder : List.of(alanine, out.resolve("1-OC1CCCCC1"))) {
            for (String file : FILES) {
                assertTrue(Files.size(folder.resolve(file)) > 0, folder + "/" + file);
            }
            checkConformers(folder);
            Metrics metrics = Metrics.read(folder.resolve("metrics.json"));
            assertEquals("flow", metrics.get("sampler"));
            double ess = (Double) metrics.get("ess_fraction");
            assertTrue(ess > 0 && ess <= 1, folder + " ESS fraction " + ess);
            Map<?, ?> stage = (Map<?, ?>) metrics.get("flow");
            assertEquals(200.0, stage.get("draws"));
            assertTrue((Double) stage.get("energy_evaluations") >= 200, stage.toString());
            assertTrue(Files.readString(folder.resolve("report.md")).contains("draws of a normalizing flow"));
        }
        String smiles = absoluteSmiles(new SmilesParser(SilentChemObjectBuilder.getInstance()).parseSmiles(ALANINE));
        for (MoleculeSdf.Record r : MoleculeSdf.read(alanine.resolve("conformers.sdf"))) {
            assertEquals(smiles, perceivedSmiles(r.molecule()));
        }
        Run unknown = run("conformers", "--sampler", "mcmc", "--out", dir.resolve("bad").toString(), "--smiles", "CCO");
        assertEquals(CliErrors.BAD_INPUT, unknown.code());
        assertTrue(unknown.err().contains("unknown sampler 'mcmc'; expected md or flow"), unknown.err());
    }

    @Test
    void aMoleculeOverTheTimeoutFailsTheNextGoesOnAndARerunRetriesThem() throws Exception {
        Path out = dir.resolve("timeout");
        Run first = run("conformers", "--preset", "tiny", "--timeout", "0.001", "--out", out.toString(), "--smiles",
                "OC1CCCCC1", "--smiles", "CCO");
        assertEquals(1, first.code(), first.err());
        assertTrue(first.out().startsWith("0 finished, 0 skipped (finished before), 2 failed"), first.out());
        assertTrue(first.err().contains("[1/2] OC1CCCCC1: failed: timed out after 0.001 s")
                && first.err().contains("[2/2] CCO: failed: timed out after 0.001 s"), first.err());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(summary.get(1).contains(",failed,timed out after 0.001 s,"), summary.get(1));
        assertTrue(Files.notExists(out.resolve("0-OC1CCCCC1").resolve("metrics.json")));

        Run rerun = run("conformers", "--preset", "tiny", "--timeout", "600", "--out", out.toString(), "--smiles",
                "OC1CCCCC1", "--smiles", "CCO");
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.out().startsWith("2 finished, 0 skipped (finished before), 0 failed"), rerun.out());
        checkConformers(out.resolve("0-OC1CCCCC1"));
        Run single = run("conformers", "--preset", "tiny", "--timeout", "0.001", "--out",
                dir.resolve("single").toString(), "--smiles", "CCO");
        assertTrue(single.code() != 0 && single.err().strip().equals("boltzflow conformers: error: timed out after "
                + "0.001 s"), single.err());
    }

    @Test
    void oneMoleculeWritesIntoTheFolderAndOneInvalidSmilesIsAnError() {
        Run bad = run("conformers", "--preset", "tiny", "--out", dir.resolve("bad").toString(), "--smiles", "C1CC");
        assertEquals(CliErrors.BAD_INPUT, bad.code());
        assertTrue(bad.err().strip().startsWith("boltzflow conformers: bad input: ") && bad.err().contains("C1CC")
                && bad.err().contains("Unclosed ring") && !bad.err().strip().contains("\n"), bad.err());
        Run salt = run("conformers", "--preset", "tiny", "--out", dir.resolve("salt").toString(), "--smiles",
                "CC(=O)[O-].[Na+]");
        assertEquals(0, salt.code(), salt.err());
        assertTrue(salt.err().contains("warning: kept the largest of 2 fragments (4 heavy atoms); dropped [Na+]"),
                salt.err());
        assertTrue(Files.exists(dir.resolve("salt").resolve("conformers.sdf")));
    }

    /** Populations sum to 1, G = -kT ln p, energies are MMFF94's of the written coordinates; weights sum to 1. */
    private static void checkConformers(Path folder) throws IOException {
        List<MoleculeSdf.Record> records = MoleculeSdf.read(folder.resolve("conformers.sdf"));
        double kT = Units.kT(300);
        double sum = 0;
        double lowest = Double.POSITIVE_INFINITY;
        List<Double> energies = new ArrayList<>();
        for (MoleculeSdf.Record r : records) {
            IAtomContainer mol = r.molecule();
            double p = number(mol, "population");
            sum += p;
            assertTrue(number(mol, "population_err") >= 0);
            assertEquals(-kT * Math.log(p), number(mol, "free_energy_kj_mol"), 1e-5);
            double energy = number(mol, "mmff94_energy_kj_mol");
            assertEquals(MmffForceField.of(mol).energy(MoleculeSdf.coordinatesNm(mol)), energy, 2e-6);
            energies.add(energy);
            lowest = Math.min(lowest, energy);
        }
        assertEquals(1.0, sum, 1e-5);
        for (int k = 0; k < records.size(); k++) {
            assertEquals(energies.get(k) - lowest, number(records.get(k).molecule(), "relative_energy_kj_mol"), 2e-6);
        }
        double[] weights = Npy.read(folder.resolve("weights.npy")).data();
        assertEquals(MoleculeSdf.read(folder.resolve("ensemble.sdf")).size(), weights.length);
        assertEquals(1.0, java.util.Arrays.stream(weights).sum(), 1e-9);
    }

    private static double number(IAtomContainer mol, String property) {
        Object value = mol.getProperty(property);
        assertTrue(value != null, "missing SD field " + property);
        return Double.parseDouble(value.toString());
    }

    /** The canonical isomeric SMILES (no hydrogens) of a molecule with its stereo perceived from 3D. */
    private static String perceivedSmiles(IAtomContainer mol) throws Exception {
        List<IStereoElement> elements = new ArrayList<>();
        StereoElementFactory.using3DCoordinates(mol).createAll().forEach(elements::add);
        mol.setStereoElements(elements);
        return absoluteSmiles(mol);
    }

    private static String absoluteSmiles(IAtomContainer mol) throws Exception {
        IAtomContainer copy = mol.clone();
        AtomContainerManipulator.suppressHydrogens(copy);
        return new SmilesGenerator(SmiFlavor.Absolute).create(copy);
    }
}
