package org.boltzflow.boltzmann.cv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.io.PdbFile;
import org.boltzflow.boltzmann.topology.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collective variables and states from command-line texts and JSON files, on alanine dipeptide, and refusals. */
class CvSpecsTest {
    static final Path ALA2 = Path.of(System.getProperty("boltzflow.data", "../data"), "alanine-dipeptide");
    static Topology topology;
    static double[] xyz;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        topology = PrmtopReader.read(ALA2.resolve("alanine-dipeptide.prmtop")).topology();
        xyz = PdbFile.read(ALA2.resolve("alanine-dipeptide.pdb")).trajectory().frame(0);
    }

    @Test
    void atomsByIndexNameAndResidueAgree() {
        CollectiveVariable byIndex = CvSpecs.variable("phi=dihedral:4,6,8,14", topology, dir);
        CollectiveVariable byName = CvSpecs.variable("phi=dihedral:ACE:C, ALA:N, CA, ALA2:C", topology, dir);
        assertEquals(byIndex, byName);
        assertEquals(new Dihedral("phi", 4, 6, 8, 14), byIndex);
        assertEquals(new BondAngle("a", 6, 8, 14), CvSpecs.variable("a=angle:2:N,CA,14", topology, dir));
        assertEquals(new Distance("d", 4, 16), CvSpecs.variable("d=distance:ACE:C,NME:N", topology, dir));
        // PDB v2 hydrogen names match the prmtop's v3 names
        assertEquals(new Distance("h", 0, 1), CvSpecs.variable("h=distance:ACE:1HH3,ACE:CH3", topology, dir));
    }

    @Test
    void rmsdToAReferenceFile() throws IOException {
        CollectiveVariable rmsd = CvSpecs.variable("r=rmsd:alanine-dipeptide.pdb", topology, ALA2);
        assertEquals(0, rmsd.value(xyz), 1e-9);
        assertEquals(10, ((Rmsd) rmsd).atoms().length, "heavy atoms of ACE-ALA-NME");
        CollectiveVariable backbone = CvSpecs.variable("r=rmsd:alanine-dipeptide.pdb:ALA:N,CA,ALA:C", topology, ALA2);
        assertEquals(3, ((Rmsd) backbone).atoms().length);
    }

    @Test
    void badVariablesAreRefusedWithOptionAndAtomNamed() {
        assertRefused("--cv phi=dihedral:4,6,8,99: atom 99 is not among the 22 atoms", "phi=dihedral:4,6,8,99");
        assertRefused("--cv phi=dihedral:ACE:C,ALA:N,ALA:CX,ALA:C: atom 'ALA:CX' not found; that residue has [N, H, CA",
                "phi=dihedral:ACE:C,ALA:N,ALA:CX,ALA:C");
        assertRefused("atom 8 (ALA2:CA) is given twice ('CA' and '8')", "phi=dihedral:4,CA,6,8");
        assertRefused("atom 'C' is ambiguous", "d=distance:C,CA");
        assertRefused("no residue 'GLY'", "d=distance:GLY:CA,CA");
        assertRefused("a dihedral needs 4 atoms, got 3", "phi=dihedral:4,6,8");
        assertRefused("unknown kind 'torsion'", "phi=torsion:4,6,8,14");
        assertRefused("not NAME=dihedral", "phi");
        assertRefused("reference", "r=rmsd:missing.pdb");
    }

    @Test
    void statesInDegreesWrapAndRefuseOverlapsAndEmptyRanges() {
        CvDefinition d = CvDefinition.parse(List.of("phi=dihedral:4,6,8,14", "psi=dihedral:6,8,14,16",
                "d=distance:4,16"), List.of("beta:phi=-180..0,psi=120..-170,d=0..0.3", "far:d=0.3..1"), topology, dir);
        State beta = d.state("beta");
        assertTrue(beta.contains(values(-1.0, Math.toRadians(179), 0.2)));
        assertTrue(beta.contains(values(-1.0, Math.toRadians(-175), 0.2)));
        assertTrue(!beta.contains(values(-1.0, Math.toRadians(-160), 0.2)));
        assertTrue(!beta.contains(values(1.0, Math.toRadians(179), 0.2)));
        assertTrue(!beta.contains(values(-1.0, Math.toRadians(179), 0.3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withStates(
                List.of("a:phi=-180..0", "b:phi=-10..90")));
        assertEquals("states a and b overlap", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withStates(List.of("a:phi=170..-170", "b:psi=0..10")));
        assertEquals("states a and b overlap", e.getMessage(), "a state leaving psi free overlaps one on psi");
        d.withStates(List.of("a:phi=170..-170", "b:phi=-170..170"));
        e = assertThrows(IllegalArgumentException.class, () -> d.withStates(List.of("a:phi=10..10")));
        assertTrue(e.getMessage().startsWith("--state a:phi=10..10: phi range is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withStates(List.of("a:d=0.5..0.2")));
        assertTrue(e.getMessage().contains("d range is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withStates(List.of("a:chi=0..10")));
        assertTrue(e.getMessage().contains("--state a:chi=0..10: unknown collective variable 'chi'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withStates(List.of("a:phi=x..10")));
        assertTrue(e.getMessage().contains("'x' is not a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withStates(List.of("a:")));
        assertThrows(IllegalArgumentException.class, () -> d.withStates(List.of("a:phi=0..10", "a:phi=20..30")));
        e = assertThrows(IllegalArgumentException.class, () -> d.variable("chi"));
        assertTrue(e.getMessage().contains("unknown collective variable 'chi'; known: [phi, psi, d]"), e.getMessage());
    }

    @Test
    void alanineDefinitionFileGivesPhiPsiAndFourBasinsThatPartitionTheTorus() throws IOException {
        CvDefinition d = CvDefinition.read(ALA2.resolve("phi-psi.json"), topology);
        assertEquals(new Dihedral("phi", 4, 6, 8, 14), d.variable("phi"));
        assertEquals(new Dihedral("psi", 6, 8, 14, 16), d.variable("psi"));
        assertEquals(List.of("C7eq/beta", "alphaR", "alphaL", "C7ax"), d.states().stream().map(State::name).toList());
        for (double phi = -Math.PI; phi < Math.PI; phi += 0.013) {
            for (double psi = -Math.PI; psi < Math.PI; psi += 0.017) {
                double f = phi;
                double s = psi;
                long in = d.states().stream().filter(b -> b.contains(cv -> cv.name().equals("phi") ? f : s)).count();
                assertEquals(1, in, "phi " + phi + " psi " + psi);
            }
        }
        // the basin borders are psi = 0.9, -2.6 and -0.5 rad
        assertTrue(d.state("alphaR").contains(cv -> cv.name().equals("phi") ? -1.0 : 0.8999999));
        assertTrue(d.state("C7eq/beta").contains(cv -> cv.name().equals("phi") ? -1.0 : 0.9));
        assertTrue(d.state("C7ax").contains(cv -> cv.name().equals("phi") ? 1.0 : -0.5000001));
        assertTrue(d.state("alphaL").contains(cv -> cv.name().equals("phi") ? 1.0 : -0.5));
    }

    @Test
    void definitionFileErrorsNameTheFileAndKey() throws IOException {
        Path file = dir.resolve("cvs.json");
        Files.writeString(file, "{\"variables\": {\"phi\": {\"kind\": \"dihedral\", \"atom\": [4, 6, 8, 14]}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CvDefinition.read(file, topology));
        assertTrue(e.getMessage().contains("cvs.json: variables.phi: unknown key 'atom'"), e.getMessage());
        Files.writeString(file, "{\"variables\": {\"phi\": {\"kind\": \"dihedral\", \"atoms\": [4, 6, 8, 40]}}}");
        e = assertThrows(IllegalArgumentException.class, () -> CvDefinition.read(file, topology));
        assertTrue(e.getMessage().contains("cvs.json: variables.phi: atom 40 is not among the 22 atoms"),
                e.getMessage());
        Files.writeString(file, "{\"variables\": {\"phi\": {\"kind\": \"dihedral\", \"atoms\": [4, 6, 8, 14]}},"
                + " \"states\": {\"a\": {\"phi\": [0, 90]}, \"b\": {\"phi\": [45, 100]}}}");
        e = assertThrows(IllegalArgumentException.class, () -> CvDefinition.read(file, topology));
        assertTrue(e.getMessage().contains("cvs.json: states a and b overlap"), e.getMessage());
        Files.writeString(file, "{\"variables\": {\"phi\": {\"kind\": \"dihedral\", \"atoms\": [4, 6, 8, 14]}},"
                + " \"states\": {\"a\": {\"psi\": [0, 90]}}}");
        e = assertThrows(IllegalArgumentException.class, () -> CvDefinition.read(file, topology));
        assertTrue(e.getMessage().contains("cvs.json: states.a.psi: unknown collective variable 'psi'"),
                e.getMessage());
        Files.writeString(file, "{\"variables\": {\"phi\": {\"kind\": \"dihedral\", \"atoms\": [4, 6, 8, 14]}},"
                + " \"states\": {\"a\": {\"phi\": [0, \"x\"]}}}");
        e = assertThrows(IllegalArgumentException.class, () -> CvDefinition.read(file, topology));
        assertTrue(e.getMessage().contains("cvs.json: states.a.phi: '\"x\"' is not a number"), e.getMessage());
        Files.writeString(file, "[1, 2]");
        IOException io = assertThrows(IOException.class, () -> CvDefinition.read(file, topology));
        assertTrue(io.getMessage().contains("cvs.json: not a JSON object"), io.getMessage());
    }

    private static java.util.function.Function<CollectiveVariable, Double> values(double phi, double psi, double d) {
        return cv -> switch (cv.name()) {
            case "phi" -> phi;
            case "psi" -> psi;
            default -> d;
        };
    }

    private void assertRefused(String expected, String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CvSpecs.variable(spec, topology, dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
