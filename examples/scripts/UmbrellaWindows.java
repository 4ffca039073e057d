import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.boltzflow.boltzmann.coordinates.InternalGradients;
import org.boltzflow.boltzmann.cv.CollectiveVariable;
import org.boltzflow.boltzmann.cv.Dihedral;
import org.boltzflow.boltzmann.energy.EnergyModel;
import org.boltzflow.boltzmann.energy.EnergyTerm;
import org.boltzflow.boltzmann.energy.ThermodynamicState;
import org.boltzflow.boltzmann.forcefield.amber.AmberForceField;
import org.boltzflow.boltzmann.forcefield.amber.PrmtopReader;
import org.boltzflow.boltzmann.forcefield.amber.Solvent;
import org.boltzflow.boltzmann.generator.DefaultCvs;
import org.boltzflow.boltzmann.io.CoordinateFiles;
import org.boltzflow.boltzmann.md.LangevinIntegrator;
import org.boltzflow.boltzmann.md.LangevinSettings;
import org.boltzflow.flows.Rng;
import org.boltzflow.flows.io.Npy;
import org.boltzflow.flows.io.NpyArray;

/**
 * Umbrella windows along the first residue's phi (the default CVs of {@code boltzflow run}) in Java Langevin MD, for
 * {@code data/scripts/umbrella_reference.py --angles}, which unbiases them with pymbar's MBAR. The windows, bias and
 * protocol are that script's: a harmonic bias 0.5 k d² on the wrapped distance d of phi from the window's centre
 * (k = 150 kJ/mol/rad²), centres spread evenly over the circle, 300 K, 1 fs, friction 1/ps, no constraints, 20 ps of
 * equilibration per window (five times that for an arc's first), phi and psi saved every STRIDE_FS (default 50 fs);
 * the windows run as two contiguous arcs of the circle side by side, each window starting where the last one ended.
 *
 * <pre>./boltzflow script examples/scripts/UmbrellaWindows.java PRMTOP COORDS SOLVENT WINDOWS PS_PER_WINDOW OUT.npz
 *     [SEED] [STRIDE_FS]</pre>
 * OUT.npz holds {@code centres} (radians), {@code phis} and {@code psis} (degrees, one row per window), and
 * {@code cvs}: every default CV (the φ and ψ of each residue) of every saved frame, degrees, (windows, frames, CVs).
 */
public class UmbrellaWindows {
    static final double K = 150.0;
    static final int EQUILIBRATION = 20_000;

    public static void main(String[] args) throws Exception {
        AmberForceField forceField = AmberForceField.create(PrmtopReader.read(Path.of(args[0])),
                Solvent.parse(args[2]));
        double[] start = CoordinateFiles.read(Path.of(args[1]), forceField.topology()).frame(0);
        int windows = Integer.parseInt(args[3]);
        long seed = args.length > 6 ? Long.parseLong(args[6]) : 1;
        int stride = args.length > 7 ? Integer.parseInt(args[7]) : 50;
        int frames = (int) Math.round(Double.parseDouble(args[4]) * 1000 / stride);
        List<CollectiveVariable> cvs = DefaultCvs.of(forceField.topology()).variables();
        double[] centres = new double[windows];
        for (int w = 0; w < windows; w++) {
            centres[w] = Math.toRadians(-180.0 + 360.0 * w / windows);
        }
        double[][] all = new double[windows][];
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> arcs = new ArrayList<>();
        for (int arc = 0; arc < 2; arc++) {
            int first = arc * windows / 2;
            int last = (arc + 1) * windows / 2;
            long arcSeed = Rng.derive(seed, arc);
            arcs.add(pool.submit(() -> {
                runArc(forceField, start, cvs, centres, first, last, frames, stride, arcSeed, all);
                return null;
            }));
        }
        for (Future<?> arc : arcs) {
            arc.get();
        }
        pool.shutdown();
        writeNpz(Path.of(args[5]), centres, all, cvs.size());
        System.out.printf("%d windows x %d frames -> %s%n", windows, frames, args[5]);
    }

    static void runArc(AmberForceField forceField, double[] start, List<CollectiveVariable> cvs, double[] centres,
            int first, int last, int frames, int stride, long seed, double[][] all) {
        Umbrella bias = new Umbrella((Dihedral) cvs.get(0));
        EnergyModel biased = new EnergyModel() {
            @Override
            public int atomCount() {
                return forceField.atomCount();
            }

            @Override
            public double energyAndForces(double[] xyz, double[] forces) {
                return forceField.energyAndForces(xyz, forces) + bias.addEnergyAndForces(xyz, forces);
            }

            @Override
            public List<EnergyTerm> terms() {
                List<EnergyTerm> terms = new ArrayList<>(forceField.terms());
                terms.add(bias);
                return terms;
            }
        };
        LangevinIntegrator md = new LangevinIntegrator(biased, forceField.topology().masses(),
                new LangevinSettings(new ThermodynamicState(biased, 300), 1.0, 0.001, seed), null);
        long started = System.nanoTime();
        for (int w = first; w < last; w++) {
            bias.centre = centres[w];
            if (w == first) {
                md.initialize(start);
            }
            md.run((long) EQUILIBRATION * (w == first ? 5 : 1), 1, null);
            all[w] = new double[frames * cvs.size()];
            for (int f = 0; f < frames; f++) {
                md.run(stride, 1, null);
                double[] x = md.positions();
                for (int c = 0; c < cvs.size(); c++) {
                    all[w][f * cvs.size() + c] = Math.toDegrees(cvs.get(c).value(x));
                }
            }
            System.err.printf("window %d (centre %.1f deg): %.0f s%n", w, Math.toDegrees(centres[w]),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** 0.5 k d² on the distance d of the dihedral from {@code centre}, wrapped onto the circle. */
    static final class Umbrella implements EnergyTerm {
        private final Dihedral dihedral;
        double centre;

        Umbrella(Dihedral dihedral) {
            this.dihedral = dihedral;
        }

        @Override
        public String name() {
            return "umbrella";
        }

        @Override
        public double addEnergyAndForces(double[] xyz, double[] forces) {
            int[] atoms = {dihedral.a(), dihedral.b(), dihedral.c(), dihedral.d()};
            double[] gradient = new double[12];
            double d = InternalGradients.dihedral(xyz, atoms, 0, gradient) - centre;
            d -= 2 * Math.PI * Math.floor((d + Math.PI) / (2 * Math.PI));
            InternalGradients.addQuad(forces, atoms, 0, gradient, -K * d);
            return 0.5 * K * d * d;
        }
    }

    /** Writes the npz; {@code phis} and {@code psis} are the first two of the {@code count} CVs of {@code all}. */
    static void writeNpz(Path out, double[] centres, double[][] all, int count) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
            entry(zip, "centres.npy", new NpyArray(centres, new int[] {centres.length}));
            entry(zip, "phis.npy", column(all, count, 0));
            entry(zip, "psis.npy", column(all, count, 1));
            NpyArray flat = matrix(all);
            entry(zip, "cvs.npy", new NpyArray(flat.data(), new int[] {all.length, all[0].length / count, count}));
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static NpyArray matrix(double[][] rows) {
        int width = rows[0].length;
        double[] data = new double[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, data, r * width, width);
        }
        return new NpyArray(data, new int[] {rows.length, width});
    }

    /** CV {@code c} of every frame of every window: (windows, frames). */
    static NpyArray column(double[][] all, int count, int c) {
        int frames = all[0].length / count;
        double[] data = new double[all.length * frames];
        for (int w = 0; w < all.length; w++) {
            for (int f = 0; f < frames; f++) {
                data[w * frames + f] = all[w][f * count + c];
            }
        }
        return new NpyArray(data, new int[] {all.length, frames});
    }

    static void entry(ZipOutputStream zip, String name, NpyArray array) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(Npy.encode(array));
        zip.closeEntry();
    }
}
