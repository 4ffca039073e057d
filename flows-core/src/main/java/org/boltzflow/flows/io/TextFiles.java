package org.boltzflow.flows.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads text input files whole: refuses files above {@link InputLimits#MAX_FILE_BYTES}, binary data (a NUL byte)
 * and, for UTF-8, byte sequences that are not UTF-8, naming the byte offset and line of the first bad byte.
 */
public final class TextFiles {
    private TextFiles() {}

    /** The lines of a UTF-8 (or ASCII) text file. */
    public static List<String> readUtf8Lines(Path file) throws IOException {
        return readUtf8(file).lines().toList();
    }

    /** The whole of a UTF-8 (or ASCII) text file. */
    public static String readUtf8(Path file) throws IOException {
        return decodeUtf8(InputLimits.readAllBytes(file), file.toString());
    }

    /** The lines of a text file in a single-byte encoding (ISO-8859-1: every byte is a character). */
    public static List<String> readLatin1Lines(Path file) throws IOException {
        byte[] bytes = InputLimits.readAllBytes(file);
        requireNoNul(bytes, file.toString());
        return new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
    }

    /** Decodes UTF-8 bytes strictly; {@code source} names the input in messages. */
    public static String decodeUtf8(byte[] bytes, String source) {
        requireNoNul(bytes, source);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new InvalidInputException(source, lineOf(bytes, offset), String.format(
                    "not UTF-8 text: byte 0x%02x at offset %d cannot be decoded (a binary file?)",
                    bytes[offset] & 0xFF, offset));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static void requireNoNul(byte[] bytes, String source) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new InvalidInputException(source, lineOf(bytes, i),
                        "binary data (a NUL byte at offset " + i + "): not a text file");
            }
        }
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
