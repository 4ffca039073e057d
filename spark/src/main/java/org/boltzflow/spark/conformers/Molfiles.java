package org.boltzflow.spark.conformers;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.openscience.cdk.exception.CDKException;
import org.openscience.cdk.interfaces.IAtomContainer;
import org.openscience.cdk.io.MDLV2000Reader;
import org.openscience.cdk.io.SDFWriter;
import org.openscience.cdk.silent.SilentChemObjectBuilder;

/** SDF records as text, for molecules that travel in table cells: parsing one record and writing one. */
public final class Molfiles {
    private Molfiles() {}

    /** The molecule of one SDF record (V2000 molfile with optional SD fields). */
    public static IAtomContainer parse(String id, String molfile) {
        try (MDLV2000Reader reader = new MDLV2000Reader(new StringReader(molfile))) {
            return reader.read(SilentChemObjectBuilder.getInstance().newAtomContainer());
        } catch (CDKException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("molecule " + id + ": not a valid molfile: " + e.getMessage(), e);
        }
    }

    /** One SDF record of {@code molecule} (3D coordinates and properties as SD fields), ending in {@code $$$$}. */
    public static String record(IAtomContainer molecule) {
        StringWriter text = new StringWriter();
        try (SDFWriter writer = new SDFWriter(text)) {
            writer.write(molecule);
        } catch (CDKException | IOException e) {
            throw new IllegalStateException("cannot write an SDF record: " + e.getMessage(), e);
        }
        return text.toString();
    }
}
