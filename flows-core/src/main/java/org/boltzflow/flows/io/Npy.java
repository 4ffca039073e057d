package org.boltzflow.flows.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format 1.0/2.0/3.0): reads little- or big-endian float64, float32, int64 and int32 in C
 * order; writes little-endian float64. Errors name the file and what is wrong with it.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fi])(\\d)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Reads a whole {@code .npy} file as doubles. */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a {@code .npy} stream; {@code name} is used in error messages. */
    public static NpyArray read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[6];
        in.readFully(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + ": not a .npy file (bad magic bytes)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        } else if (major == 2 || major == 3) {
            headerLength = Integer.reverseBytes(in.readInt());
        } else {
            throw new IOException(name + ": unsupported .npy version " + major);
        }
        byte[] headerBytes = new byte[headerLength];
        in.readFully(headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shapeMatch.find()) {
            throw new IOException(name + ": malformed .npy header: " + header.trim());
        }
        if (order.group(1).equals("True")) {
            throw new IOException(name + ": Fortran-ordered arrays are not supported; save with C order");
        }
        int[] shape = parseShape(shapeMatch.group(1), name);
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        char kind = descr.group(2).charAt(0);
        int width = Integer.parseInt(descr.group(3));
        if ((kind == 'f' && width != 8 && width != 4) || (kind == 'i' && width != 8 && width != 4)) {
            throw new IOException(name + ": unsupported dtype " + descr.group(2) + width + " (use float64)");
        }
        byte[] raw = new byte[Math.toIntExact(size * width)];
        try {
            in.readFully(raw);
        } catch (java.io.EOFException e) {
            throw new IOException(name + ": truncated: header promises " + size + " values of " + width + " bytes", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw)
                .order(descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] data = new double[(int) size];
        for (int i = 0; i < data.length; i++) {
            data[i] = switch (kind * 10 + width) {
                case 'f' * 10 + 8 -> buffer.getDouble();
                case 'f' * 10 + 4 -> buffer.getFloat();
                case 'i' * 10 + 8 -> buffer.getLong();
                default -> buffer.getInt();
            };
        }
        return new NpyArray(data, shape);
    }

    private static int[] parseShape(String text, String name) throws IOException {
        String[] parts = text.split(",");
        int count = 0;
        int[] shape = new int[parts.length];
        for (String part : parts) {
            String p = part.trim();
            if (!p.isEmpty()) {
                try {
                    shape[count++] = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    throw new IOException(name + ": bad shape entry '" + p + "'", e);
                }
            }
        }
        return java.util.Arrays.copyOf(shape, count);
    }

    /** Writes {@code array} as little-endian float64 {@code .npy}, atomically. */
    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFiles.write(file, out -> out.write(encode(array)));
    }

    /** The bytes of a little-endian float64 {@code .npy} file holding {@code array}. */
    public static byte[] encode(NpyArray array) {
        StringBuilder shape = new StringBuilder("(");
        for (int s : array.shape()) {
            shape.append(s).append(", ");
        }
        if (array.shape().length > 1) {
            shape.setLength(shape.length() - 2);
        } else if (array.shape().length == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(MAGIC);
        bytes.write(1);
        bytes.write(0);
        bytes.write(header.length() & 0xFF);
        bytes.write((header.length() >> 8) & 0xFF);
        bytes.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(array.data().length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : array.data()) {
            data.putDouble(v);
        }
        bytes.writeBytes(data.array());
        return bytes.toByteArray();
    }
}
