package org.boltzflow.boltzmann.io;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.vecmath.Point3d;
import org.boltzflow.flows.io.AtomicFiles;
import org.boltzflow.flows.io.InputLimits;
import org.boltzflow.flows.io.InvalidInputException;
import org.boltzflow.flows.io.TextFiles;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtom;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.SDFWriter;
import org.openscience.cdk.io.iterator.IteratingSDFReader;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/**
 * SDF (MDL V2000/V3000) molecules through CDK: reading every record of a file with its title, writing molecules
 * (with their properties as SD fields) atomically, and 3D coordinates in nm.
 */
public final class MoleculeSdf {
    private MoleculeSdf() {}

    /** One SDF record: its zero-based position in the file, its title line, and the molecule. */
    public record Record(int index, String name, IAtomContainer molecule) {}

    /**
     * Every record of an SDF file, in file order.
     *
     * @throws IOException naming the file, the record and its first line when a record cannot be read
     */
    public static List<Record> read(Path file) throws IOException {
        List<String> lines = TextFiles.readUtf8Lines(file);
        List<Record> records = new ArrayList<>();
        int start = 0;
        for (int line = 0; line <= lines.size(); line++) {
            boolean end = line == lines.size() || lines.get(line).equals("$$$$");
            if (!end) {
                continue;
            }
            List<String> block = lines.subList(start, line);
            if (block.stream().anyMatch(l -> !l.isBlank())) {
                records.add(parse(file, records.size(), start + 1, block));
            }
            start = line + 1;
        }
        if (records.isEmpty()) {
            throw new InvalidInputException(file.toString(), "no SDF records");
        }
        return records;
    }

    private static Record parse(Path file, int index, int firstLine, List<String> block) throws IOException {
        String text = String.join("\n", block) + "\n$$$$\n";
        try (Reader in = new StringReader(text);
                IteratingSDFReader reader = new IteratingSDFReader(in, SilentChemObjectBuilder.getInstance())) {
            if (!reader.hasNext()) {
                throw new InvalidInputException(file.toString(), firstLine, "record " + index
                        + " is not a valid molfile");
            }
            IAtomContainer mol = reader.next();
            if (mol.getAtomCount() > InputLimits.MAX_ATOMS) {
                throw new InvalidInputException(file.toString(), firstLine, "record " + index + " has "
                        + mol.getAtomCount() + " atoms; the limit is " + InputLimits.MAX_ATOMS);
            }
            String title = mol.getTitle();
            return new Record(index, title == null ? "" : title.trim(), mol);
        } catch (RuntimeException e) {
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException(file.toString(), firstLine, "record " + index + " cannot be read: " + e, e);
        }
    }

    /** The 3D coordinates of every atom in nm (the SDF holds Angstrom). */
    public static double[] coordinatesNm(IAtomContainer molecule) {
        double[] xyz = new double[3 * molecule.getAtomCount()];
        for (int i = 0; i < molecule.getAtomCount(); i++) {
            Point3d p = molecule.getAtom(i).getPoint3d();
            if (p == null) {
                throw new IllegalArgumentException("atom " + (i + 1) + " (" + molecule.getAtom(i).getSymbol()
                        + ") has no 3D coordinates");
            }
            xyz[3 * i] = p.x / 10.0;
            xyz[3 * i + 1] = p.y / 10.0;
            xyz[3 * i + 2] = p.z / 10.0;
        }
        return xyz;
    }

    /** Sets the 3D coordinates of every atom from nm. */
    public static void setCoordinatesNm(IAtomContainer molecule, double[] xyz) {
        for (int i = 0; i < molecule.getAtomCount(); i++) {
            IAtom atom = molecule.getAtom(i);
            atom.setPoint3d(new Point3d(10.0 * xyz[3 * i], 10.0 * xyz[3 * i + 1], 10.0 * xyz[3 * i + 2]));
        }
    }

    /** Writes molecules (3D, with their properties as SD fields) to an SDF file atomically. */
    public static void write(Path file, List<IAtomContainer> molecules) throws IOException {
        StringWriter text = new StringWriter();
        try (SDFWriter writer = new SDFWriter(text)) {
            for (IAtomContainer mol : molecules) {
                writer.write(mol);
            }
        } catch (CDKException e) {
            throw new IOException("cannot write SDF " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeString(file, text.toString());
    }
}
