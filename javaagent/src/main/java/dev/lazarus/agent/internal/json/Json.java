package dev.lazarus.agent.internal.json;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON for events sent from outside the process: strict reading (RFC 8259, see {@link JsonReader}) and
 * writing (see {@link JsonWriter}). Objects become {@code LinkedHashMap<String, Object>}, arrays
 * {@code ArrayList<Object>}, numbers {@link BigDecimal}, plus {@code String}, {@code Boolean} and
 * {@code null}.
 */
public final class Json {
    private Json() {}

    /**
     * Reads text that is already characters (a command-line argument).
     *
     * @param text JSON text
     * @return the value
     * @throws JsonException naming the character offset of the first error
     */
    public static Object parse(String text) throws JsonException {
        return JsonReader.read(text, (t, index) -> "offset " + index);
    }

    /**
     * Reads the bytes of a file. JSON exchanged between systems is UTF-8 (RFC 8259, section 8.1): bytes that
     * are not UTF-8 (Latin-1, UTF-16, overlong or truncated sequences, encoded surrogates) are refused, never
     * replaced by U+FFFD.
     *
     * @param utf8 JSON text encoded as UTF-8
     * @return the value
     * @throws JsonException naming the byte offset of the first error
     */
    public static Object parse(byte[] utf8) throws JsonException {
        return JsonReader.read(decode(utf8), (text, index) -> "byte " + utf8Length(text, index));
    }

    /**
     * @param value null, a string, boolean, finite number, or a map or list of them (other objects are
     *     written as their {@code toString()} in quotes)
     * @return the value as JSON text
     * @throws IllegalArgumentException naming where the value has something JSON cannot carry (NaN,
     *     Infinity), and what to send instead
     */
    public static String write(Object value) {
        return JsonWriter.write(value);
    }

    private static String decode(byte[] utf8) throws JsonException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(utf8);
        // one character per byte is always room enough: no UTF-8 sequence decodes to more chars than bytes
        CharBuffer out = CharBuffer.allocate(utf8.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new JsonException("malformed JSON at byte " + in.position() + ": " + result.length()
                    + " byte(s) that are not UTF-8 (" + hex(utf8, in.position(), result.length())
                    + "); JSON text must be UTF-8");
        }
        return out.flip().toString();
    }

    private static String hex(byte[] bytes, int from, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + length && i < bytes.length; i++) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xff));
        }
        return sb.toString();
    }

    /** The number of UTF-8 bytes of the first {@code chars} characters of {@code text}. */
    private static int utf8Length(String text, int chars) {
        int bytes = 0;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
