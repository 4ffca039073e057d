package org.boltzflow.flows.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format 1.0/2.0/3.0): reads little- or big-endian float64, float32, int64 and int32 in C
 * order; writes little-endian float64 or float32. Errors name the file and what is wrong with it.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern SIMPLE_DTYPE = Pattern.compile("([<>|=]?)([A-Za-z?])(\\d{0,3})");
    /** Largest header read; NumPy's own headers are a few hundred bytes. */
    private static final int MAX_HEADER_BYTES = 1 << 16;
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Values are decoded and encoded in blocks of this many bytes, so no file-sized buffer is needed. */
    private static final int BLOCK_BYTES = 1 << 20;

    /** A {@code .npy} array held in single precision: values in C order and its shape. */
    public record Floats(float[] data, int[] shape) {}

    /** Reads a whole {@code .npy} file as doubles. */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a {@code .npy} stream; {@code name} is used in error messages. */
    public static NpyArray read(InputStream stream, String name) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        Header header = header(in, name);
        double[] data = new double[header.size()];
        decode(in, header, name, (i, v) -> data[i] = v);
        return new NpyArray(data, header.shape());
    }

    /**
     * Reads a whole {@code .npy} file in single precision (half the memory of {@link #read}); float64 values are
     * rounded, float32 values kept exactly.
     */
    public static Floats readFloats(Path file) throws IOException {
        try (InputStream stream = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(stream);
            Header header = header(in, file.toString());
            float[] data = new float[header.size()];
            decode(in, header, file.toString(), (i, v) -> data[i] = (float) v);
            return new Floats(data, header.shape());
        }
    }

    /** Whether a {@code .npy} file holds float32 values; reads its header only. */
    public static boolean holdsFloat32(Path file) throws IOException {
        try (InputStream stream = Files.newInputStream(file)) {
            Dtype dtype = header(new DataInputStream(stream), file.toString()).dtype();
            return dtype.kind() == 'f' && dtype.width() == 4;
        }
    }

    /** The dtype and shape a header announces; {@code size} values follow. */
    private record Header(Dtype dtype, int[] shape, int size) {}

    /** Where decoded values go: value {@code index} of the array. */
    private interface ValueSink {
        void put(int index, double value);
    }

    private static Header header(DataInputStream in, String name) throws IOException {
        byte[] magic = new byte[6];
        int got = in.readNBytes(magic, 0, magic.length);
        if (got == 0) {
            throw new InvalidInputException(name, "empty file (0 bytes), not a .npy array");
        }
        if (got < magic.length || !java.util.Arrays.equals(magic, MAGIC)) {
            throw new InvalidInputException(name, "not a .npy file (it does not start with \\x93NUMPY)");
        }
        String header = readHeader(in, name);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find()) {
            throw new InvalidInputException(name, header.contains("'descr': [")
                    ? "structured (record) dtypes are not supported; save a plain float64 array"
                    : "malformed .npy header, no 'descr': " + shorten(header));
        }
        if (!order.find() || !shapeMatch.find()) {
            throw new InvalidInputException(name, "malformed .npy header, no 'fortran_order' or 'shape': "
                    + shorten(header));
        }
        if (order.group(1).equals("True")) {
            throw new InvalidInputException(name, "Fortran-ordered arrays are not supported; save with C order");
        }
        Dtype dtype = Dtype.of(descr.group(1), name);
        int[] shape = parseShape(shapeMatch.group(1), name);
        long size = 1;
        for (int s : shape) {
            size = s == 0 ? 0 : size > InputLimits.MAX_VALUES / s ? InputLimits.MAX_VALUES + 1 : size * s;
        }
        InputLimits.requireValueCount(size, name, "array of shape " + java.util.Arrays.toString(shape));
        return new Header(dtype, shape, (int) size);
    }

    /**
     * Decodes the header's values from {@code in} block by block into {@code sink}; a file shorter than the header
     * promises is refused before the values are used.
     */
    private static void decode(DataInputStream in, Header header, String name, ValueSink sink) throws IOException {
        int width = header.dtype().width();
        long expected = (long) header.size() * width;
        byte[] block = new byte[(int) Math.min(expected, BLOCK_BYTES - BLOCK_BYTES % width)];
        long read = 0;
        int index = 0;
        while (read < expected) {
            int want = (int) Math.min(block.length, expected - read);
            int got = in.readNBytes(block, 0, want);
            read += got;
            if (got < want) {
                throw new InvalidInputException(name, "truncated: the header promises " + header.size()
                        + " values of " + width + " bytes (" + expected + " bytes), the file holds " + read);
            }
            ByteBuffer buffer = ByteBuffer.wrap(block, 0, got).order(header.dtype().order());
            for (int i = 0; i < got / width; i++) {
                sink.put(index++, header.dtype().get(buffer));
            }
        }
    }

    /** The element types read: little- or big-endian float64, float32, int64, int32. */
    private record Dtype(char kind, int width, ByteOrder order) {
        static Dtype of(String descr, String name) {
            Matcher m = SIMPLE_DTYPE.matcher(descr);
            if (!m.matches()) {
                throw new InvalidInputException(name, "dtype '" + descr + "' is not supported; use float64");
            }
            char kind = m.group(2).charAt(0);
            int width = m.group(3).isEmpty() ? 0 : Integer.parseInt(m.group(3));
            String what = switch (kind) {
                case 'c' -> "complex numbers";
                case 'O' -> "Python objects (pickled)";
                case 'U', 'S', 'a' -> "strings";
                case 'b', '?' -> "booleans";
                case 'u' -> "unsigned integers";
                case 'M', 'm' -> "dates or times";
                case 'V' -> "raw bytes";
                default -> null;
            };
            boolean supported = (kind == 'f' || kind == 'i') && (width == 4 || width == 8);
            if (!supported) {
                throw new InvalidInputException(name, "dtype '" + descr + "' (" + (what == null ? kind + "" + width
                        : what) + ") is not supported; use float64, float32, int64 or int32");
            }
            return new Dtype(kind, width, m.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        }

        double get(ByteBuffer buffer) {
            if (kind == 'f') {
                return width == 8 ? buffer.getDouble() : buffer.getFloat();
            }
            return width == 8 ? buffer.getLong() : buffer.getInt();
        }
    }

    /** The header dictionary after the magic bytes: version, length, text. */
    private static String readHeader(DataInputStream in, String name) throws IOException {
        try {
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            long headerLength;
            if (major == 1) {
                headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            } else {
                throw new InvalidInputException(name, "unsupported .npy version " + major + " (1, 2 and 3 are read)");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new InvalidInputException(name, "header of " + headerLength + " bytes; the limit is "
                        + MAX_HEADER_BYTES);
            }
            byte[] headerBytes = new byte[(int) headerLength];
            in.readFully(headerBytes);
            return new String(headerBytes, StandardCharsets.ISO_8859_1).trim();
        } catch (EOFException e) {
            throw new InvalidInputException(name, 0, "truncated .npy header", e);
        }
    }

    private static int[] parseShape(String text, String name) {
        String[] parts = text.split(",");
        int count = 0;
        int[] shape = new int[parts.length];
        for (String part : parts) {
            String p = part.trim();
            if (!p.isEmpty()) {
                try {
                    shape[count] = Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(name, 0, "bad shape entry '" + p + "'", e);
                }
                if (shape[count] < 0) {
                    throw new InvalidInputException(name, "negative shape entry " + shape[count]);
                }
                count++;
            }
        }
        return java.util.Arrays.copyOf(shape, count);
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /** Writes {@code array} as little-endian float64 {@code .npy}, atomically. */
    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFiles.write(file, out -> encode(out, array.data().length, array.shape(), false,
                (buffer, i) -> buffer.putDouble(array.data()[i])));
    }

    /** Writes {@code data} of {@code shape} as little-endian float32 {@code .npy}, atomically. */
    public static void writeFloats(Path file, float[] data, int[] shape) throws IOException {
        NpyArray.requireShape(data.length, shape);
        AtomicFiles.write(file, out -> encode(out, data.length, shape, true, (buffer, i) -> buffer.putFloat(data[i])));
    }

    /** The bytes of a little-endian float64 {@code .npy} file holding {@code array}. */
    public static byte[] encode(NpyArray array) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            encode(bytes, array.data().length, array.shape(), false, (buffer, i) -> buffer.putDouble(array.data()[i]));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** Puts value {@code index} into a block being encoded. */
    private interface ValueSource {
        void put(ByteBuffer buffer, int index);
    }

    private static void encode(OutputStream out, int count, int[] shape, boolean single, ValueSource values)
            throws IOException {
        StringBuilder text = new StringBuilder("(");
        for (int s : shape) {
            text.append(s).append(", ");
        }
        if (shape.length > 1) {
            text.setLength(text.length() - 2);
        } else if (shape.length == 1) {
            text.setLength(text.length() - 1);
        }
        text.append(')');
        String dict = "{'descr': '" + (single ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': " + text
                + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write((header.length() >> 8) & 0xFF);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        int width = single ? 4 : 8;
        ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (block.remaining() < width) {
                out.write(block.array(), 0, block.position());
                block.clear();
            }
            values.put(block, i);
        }
        out.write(block.array(), 0, block.position());
    }
}
