package org.boltzflow.boltzmann.forcefield.mmff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MMFF94 parameter tables, read once from the resources CDK 2.11 ships ({@code mmff94.prm}, {@code mmffvdw.prm},
 * {@code mmffdfsb.par}, {@code MMFFPROP.PAR}, {@code mmff-symb-mapping.tsv}) and from the tables CDK does not ship
 * or ships only lossily, kept next to this class (MMFFDEF step-down levels, MMFFBNDK reference bonds, Badger's-rule
 * and covalent-radius tables, and MMFFTOR torsions: CDK's copy holds V/2 rounded to three decimals). Checked entry
 * by entry against MMFF94, CDK's bond, angle, stretch-bend and out-of-plane tables agree except for one bond
 * (alkyl C-O), corrected here. Lookups here are exact; the MMFF94 step-down protocols and empirical rules live in
 * {@link MmffParameterization} and {@link MmffEmpiricalRules}.
 *
 * <p>CDK's {@code mmff94.prm} stores force constants premultiplied into energy units (bond {@code kb1 = 143.9325 kb
 * / 2}, angle and out-of-plane constants per radian squared); the original md/Angstrom (md Angstrom/rad^2) values,
 * tabulated by Merck with three decimals, are recovered by dividing and rounding to three decimals. For bonds the
 * cubic coefficient ({@code kb2 = -143.9325 kb}) is used because the quadratic one lost its leading digit for the
 * six triple-bond entries in CDK's file.
 */
final class MmffParameters {
    private static final String CDK_DATA = "/org/openscience/cdk/modeling/forcefield/data/";
    private static final String CDK_MMFF = "/org/openscience/cdk/forcefield/mmff/";
    private static final double MDYNE = MmffTerm.MDYNE;
    private static final double PER_RADIAN_SQUARED = 0.021922 * Math.pow(180.0 / Math.PI, 2);
    private static final int MAX_TYPE = 100;
    private static final MmffParameters STANDARD = new MmffParameters();

    private final MmffTypeProperties[] properties = new MmffTypeProperties[MAX_TYPE];
    private final int[][] levels = new int[MAX_TYPE][];
    private final MmffVdwType[] vdw = new MmffVdwType[MAX_TYPE];
    private final Map<String, Integer> cdkNames = new HashMap<>();
    private final Map<String, Integer> symbolicTypes = new HashMap<>();
    private final Map<Long, double[]> bonds = new HashMap<>();
    private final Map<Long, double[]> angles = new HashMap<>();
    private final Map<Long, double[]> stretchBends = new HashMap<>();
    private final Map<Long, double[]> defaultStretchBends = new HashMap<>();
    private final Map<Long, Double> outOfPlanes = new HashMap<>();
    private final Map<Long, double[]> torsions = new HashMap<>();
    private final Map<Long, double[]> referenceBonds = new HashMap<>();
    private final Map<Long, double[]> badger = new HashMap<>();
    private final Map<Integer, double[]> covalent = new HashMap<>();
    private final Map<Long, Double> bondChargeIncrements = new HashMap<>();
    private final double[] partialBondChargeIncrements = new double[MAX_TYPE];
    private final double[] formalChargeSharing = new double[MAX_TYPE];

    private MmffParameters() {
        readTypeMapping();
        readProperties();
        for (String[] row : rows(MmffParameters.class.getResourceAsStream("mmffdef.tsv"), "mmffdef.tsv")) {
            int type = Integer.parseInt(row[0]);
            levels[type] = new int[] {Integer.parseInt(row[1]), Integer.parseInt(row[2]), Integer.parseInt(row[3]),
                    Integer.parseInt(row[4])};
        }
        readForceFieldFile();
        // CDK's file gives alkyl C (1) - O (6) as r0 1.451 / kb 5.084; MMFFBOND.PAR of MMFF94 has 1.418 / 5.047 (C94)
        bonds.put(key(0, 1, 6), new double[] {1.418, 5.047});
        readVdw();
        for (String[] row : rows(resource(CDK_MMFF + "MMFFCHG.PAR"), "MMFFCHG.PAR")) {
            bondChargeIncrements.put(key(Integer.parseInt(row[0]), Integer.parseInt(row[1]), Integer.parseInt(row[2])),
                    Double.parseDouble(row[3]));
        }
        for (String[] row : rows(resource(CDK_MMFF + "MMFFPBCI.PAR"), "MMFFPBCI.PAR")) {
            partialBondChargeIncrements[Integer.parseInt(row[1])] = Double.parseDouble(row[2]);
            formalChargeSharing[Integer.parseInt(row[1])] = Double.parseDouble(row[3]);
        }
        for (String[] row : rows(MmffParameters.class.getResourceAsStream("mmfftor.tsv"), "mmfftor.tsv")) {
            int[] t = new int[5];
            for (int c = 0; c < 5; c++) {
                t[c] = Integer.parseInt(row[c]);
            }
            boolean reverse = t[2] > t[3] || (t[2] == t[3] && t[1] > t[4]);
            torsions.put(reverse ? key(t[0], t[4], t[3], t[2], t[1]) : key(t),
                    new double[] {Double.parseDouble(row[5]), Double.parseDouble(row[6]), Double.parseDouble(row[7])});
        }
        for (String[] row : rows(resource(CDK_DATA + "mmffdfsb.par"), "mmffdfsb.par")) {
            if (row[0].equals("DFSB")) {
                defaultStretchBends.put(key(Integer.parseInt(row[1]), Integer.parseInt(row[2]),
                        Integer.parseInt(row[3])), new double[] {Double.parseDouble(row[4]), Double.parseDouble(row[5])});
            }
        }
        for (String[] row : rows(MmffParameters.class.getResourceAsStream("mmffbndk.tsv"), "mmffbndk.tsv")) {
            referenceBonds.put(key(Integer.parseInt(row[0]), Integer.parseInt(row[1])),
                    new double[] {Double.parseDouble(row[2]), Double.parseDouble(row[3])});
        }
        for (String[] row : rows(MmffParameters.class.getResourceAsStream("mmff_badger.tsv"), "mmff_badger.tsv")) {
            badger.put(key(Integer.parseInt(row[0]), Integer.parseInt(row[1])),
                    new double[] {Double.parseDouble(row[2]), Double.parseDouble(row[3])});
        }
        for (String[] row : rows(MmffParameters.class.getResourceAsStream("mmff_covalent.tsv"), "mmff_covalent.tsv")) {
            covalent.put(Integer.parseInt(row[0]), new double[] {Double.parseDouble(row[1]), Double.parseDouble(row[2])});
        }
    }

    /** The shared, immutable MMFF94 tables. */
    static MmffParameters standard() {
        return STANDARD;
    }

    /** The numeric type of a CDK/MMFF symbolic type (e.g. {@code CR} -> 1), or -1 if it is unknown. */
    int numericType(String symbolicType) {
        return symbolicTypes.getOrDefault(symbolicType, -1);
    }

    /** The numeric type of a name used in CDK's {@code mmff94.prm} (e.g. {@code Car} -> 37), or -1. */
    int numericTypeOfCdkName(String cdkName) {
        return cdkNames.getOrDefault(cdkName, -1);
    }

    /** The MMFFPROP row of a numeric type, or null. */
    MmffTypeProperties properties(int type) {
        return type > 0 && type < MAX_TYPE ? properties[type] : null;
    }

    /** The step-down types (levels 2..5) of a numeric type. */
    int[] levels(int type) {
        return levels[type];
    }

    /** The van der Waals parameters of a numeric type, or null. */
    MmffVdwType vdw(int type) {
        return vdw[type];
    }

    /** The global vdW constants: B, beta, DARAD, DAEPS. */
    static double[] vdwConstants() {
        return new double[] {0.2, 12.0, 0.8, 0.5};
    }

    /** {r0, kb} of bond class {@code bondType} between types i and j, or null. */
    double[] bond(int bondType, int i, int j) {
        return bonds.get(key(bondType, Math.min(i, j), Math.max(i, j)));
    }

    /** {theta0, ka} of angle class {@code angleType} for i-j-k (exact types), or null. */
    double[] angle(int angleType, int i, int j, int k) {
        return angles.get(key(angleType, Math.min(i, k), j, Math.max(i, k)));
    }

    /** {kbaIJK, kbaKJI} as tabulated for the canonical order i <= k, or null. */
    double[] stretchBend(int stretchBendType, int i, int j, int k) {
        return stretchBends.get(key(stretchBendType, i, j, k));
    }

    /** {F(I_J,K), F(K_J,I)} of the default stretch-bend rule for periodic rows with rowI <= rowK, or null. */
    double[] defaultStretchBend(int rowI, int rowJ, int rowK) {
        return defaultStretchBends.get(key(rowI, rowJ, rowK));
    }

    /** koop for central type j and the (sorted) outer types, or null. */
    Double outOfPlane(int j, int a, int b, int c) {
        int[] s = {a, b, c};
        java.util.Arrays.sort(s);
        return outOfPlanes.get(key(j, s[0], s[1], s[2]));
    }

    /** {V1, V2, V3} of torsion class {@code torsionType} for i-j-k-l (exact types, either direction), or null. */
    double[] torsion(int torsionType, int i, int j, int k, int l) {
        boolean reverse = j > k || (j == k && i > l);
        return reverse ? torsions.get(key(torsionType, l, k, j, i)) : torsions.get(key(torsionType, i, j, k, l));
    }

    /**
     * The charge a bond of class {@code bondClass} moves onto atom type {@code ipso} from its neighbour type
     * {@code other}: the MMFFCHG increment (negated when ipso is the lower type) or, without one, pbci(ipso) -
     * pbci(other).
     */
    double chargeIncrement(int bondClass, int ipso, int other) {
        Double bci = bondChargeIncrements.get(key(bondClass, Math.min(ipso, other), Math.max(ipso, other)));
        if (bci == null) {
            return partialBondChargeIncrements[ipso] - partialBondChargeIncrements[other];
        }
        return ipso <= other ? -bci : bci;
    }

    /** The formal-charge sharing factor (MMFFPBCI fcadj) of a type. */
    double formalChargeSharing(int type) {
        return formalChargeSharing[type];
    }

    /** {r0, kb} of the MMFFBNDK reference bond between two elements, or null. */
    double[] referenceBond(int z1, int z2) {
        return referenceBonds.get(key(Math.min(z1, z2), Math.max(z1, z2)));
    }

    /** {a, d} of Badger's rule for two periodic-table rows (Herschbach-Laurie numbering), or null. */
    double[] badger(int row1, int row2) {
        return badger.get(key(Math.min(row1, row2), Math.max(row1, row2)));
    }

    /** {covalent radius, Pauling electronegativity} of an element, or null. */
    double[] covalent(int z) {
        return covalent.get(z);
    }

    private void readTypeMapping() {
        for (String[] row : rows(resource(CDK_MMFF + "mmff-symb-mapping.tsv"), "mmff-symb-mapping.tsv")) {
            if (row[0].equals("symb")) {
                continue;
            }
            int type = Integer.parseInt(row[1]);
            symbolicTypes.put(row[0], type);
            cdkNames.put(row[2], type);
        }
        cdkNames.put("*", 0);
    }

    private void readProperties() {
        for (String[] row : rows(resource(CDK_MMFF + "MMFFPROP.PAR"), "MMFFPROP.PAR")) {
            int type = Integer.parseInt(row[0]);
            properties[type] = new MmffTypeProperties(Integer.parseInt(row[1]), Integer.parseInt(row[2]),
                    Integer.parseInt(row[3]), !row[4].equals("0"), Integer.parseInt(row[5]), !row[6].equals("0"),
                    !row[7].equals("0"), !row[8].equals("0"));
        }
    }

    private void readForceFieldFile() {
        for (String[] row : rows(resource(CDK_DATA + "mmff94.prm"), "mmff94.prm")) {
            switch (row[0]) {
                case "bond" -> {
                    int i = type(row[2]);
                    int j = type(row[3]);
                    // CDK's file marks ten class-0 bonds (to types that are never sbmb) with '*' instead of 0
                    int bondClass = row[1].equals("*") ? 0 : Integer.parseInt(row[1]);
                    bonds.put(key(bondClass, Math.min(i, j), Math.max(i, j)),
                            new double[] {Double.parseDouble(row[4]), round3(Math.abs(Double.parseDouble(row[6])) / MDYNE)});
                }
                case "angle" -> {
                    int i = type(row[2]);
                    int k = type(row[4]);
                    double theta0 = Double.parseDouble(row[5]);
                    // linear angles (theta0 = 180) are stored as 143.9325 ka, the others per radian squared
                    double factor = theta0 == 180.0 ? MDYNE : PER_RADIAN_SQUARED;
                    angles.put(key(Integer.parseInt(row[1]), Math.min(i, k), type(row[3]), Math.max(i, k)),
                            new double[] {theta0, round3(Double.parseDouble(row[6]) / factor)});
                }
                case "strbnd" -> {
                    int i = type(row[2]);
                    int k = type(row[4]);
                    double kijk = round3(Double.parseDouble(row[5]) / (MDYNE / 2));
                    double kkji = round3(Double.parseDouble(row[6]) / (MDYNE / 2));
                    stretchBends.put(key(Integer.parseInt(row[1]), Math.min(i, k), type(row[3]), Math.max(i, k)),
                            i <= k ? new double[] {kijk, kkji} : new double[] {kkji, kijk});
                }
                case "opbend" -> {
                    int[] s = {type(row[1]), type(row[3]), type(row[4])};
                    java.util.Arrays.sort(s);
                    outOfPlanes.put(key(type(row[2]), s[0], s[1], s[2]),
                            round3(Double.parseDouble(row[5]) / PER_RADIAN_SQUARED));
                }
                default -> { }
            }
        }
    }

    private void readVdw() {
        for (String[] row : rows(resource(CDK_DATA + "mmffvdw.prm"), "mmffvdw.prm")) {
            if (row[0].equals("vdw")) {
                vdw[type(row[1])] = new MmffVdwType(Double.parseDouble(row[2]), Double.parseDouble(row[3]),
                        Double.parseDouble(row[4]), Double.parseDouble(row[5]), row[6].charAt(0));
            }
        }
    }

    private int type(String cdkName) {
        Integer type = cdkNames.get(cdkName);
        if (type == null) {
            throw new IllegalStateException("CDK MMFF94 parameter file names an unknown atom type '" + cdkName + "'");
        }
        return type;
    }

    private static double round3(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    /** Packs small non-negative integers (each below 128) into one map key. */
    static long key(int... parts) {
        long key = 0;
        for (int p : parts) {
            key = key * 128 + p;
        }
        return key * 8 + parts.length;
    }

    private static InputStream resource(String path) {
        InputStream in = MmffParameters.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("MMFF94 parameter resource " + path + " is missing from the class path "
                    + "(cdk-forcefield 2.11 must be a dependency)");
        }
        return in;
    }

    /** Whitespace-split data rows of a table, skipping blank, comment ({@code *}, {@code #}, {@code $}) and rule ({@code ==}) lines. */
    private static List<String[]> rows(InputStream in, String name) {
        if (in == null) {
            throw new IllegalStateException("MMFF94 table " + name + " is missing from the class path");
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.trim();
                if (trimmed.isEmpty() || "*#$".indexOf(trimmed.charAt(0)) >= 0 || trimmed.startsWith("==")) {
                    continue;
                }
                rows.add(trimmed.split("\\s+"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MMFF94 table " + name, e);
        }
        return rows;
    }
}
