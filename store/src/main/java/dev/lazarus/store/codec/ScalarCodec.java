package dev.lazarus.store.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The exact bytes {@link ValueCodec}'s Kryo writes for the values journaled most often ({@code null}, strings, boxed
 * primitives, {@code byte[]}), written and read without a Kryo instance; and, written only, an {@code Object[]} of
 * them: a durable method's arguments.
 *
 * <p>Why: most journaled calls return such values, and on replay borrowing a pooled Kryo, binding its class loader,
 * resolving the class and resetting its reference tables cost several times more than reading the value itself; a
 * process whose values are all such never creates a Kryo at all (the first one costs about 100 ms of class loading
 * and set-up on a 2-core machine, on the first durable call). Arguments are read back only when an execution is
 * recovered, once, so reading them stays with Kryo. The
 * bytes are Kryo's own, not a format of ours, so journals written before this class existed, or by Kryo when this
 * class declines a value, read the same either way, and execution keys (digests of the bytes) do not change.
 *
 * <p>What Kryo writes, after the format version byte: the class as {@code registration id + 2} in a varint
 * ({@code 0} is null; Kryo registers {@code int, String, float, boolean, byte, char, short, long, double} as ids 0 to
 * 8, their boxes sharing the id); for a string, the reference marker "new object" ({@code 1}), since references are
 * on and strings are not exempt from them; then the value as Kryo's serializer for that class writes it. A
 * {@code byte[]} is not registered, so its class is written by name ({@code 1}, name id {@code 0}, {@code "[B"}),
 * and so is {@code Object[]}, whose elements each follow as above.
 * Tests compare every supported type with Kryo's output byte for byte, both ways.
 *
 * <p>Decoding accepts only what it recognises completely, to the last byte; anything else (other classes, a
 * truncated or over-long value, an unusual string byte) is left to Kryo, so corrupt input is still reported by the
 * usual path with the usual message.
 */
final class ScalarCodec {
    /** Returned by {@link #decode} for bytes it leaves to Kryo. */
    static final Object NOT_SCALAR = new Object();

    private static final byte NULL = 0;
    private static final byte INT = 2;
    private static final byte STRING = 3;
    private static final byte FLOAT = 4;
    private static final byte BOOLEAN = 5;
    private static final byte BYTE = 6;
    private static final byte CHAR = 7;
    private static final byte SHORT = 8;
    private static final byte LONG = 9;
    private static final byte DOUBLE = 10;
    /** Kryo's reference marker for an object not seen before in this value. */
    private static final byte NEW_REFERENCE = 1;
    /** {@code byte[]} up to its length: class by name, name id 0, {@code "[B"} in Kryo's ASCII form, new reference. */
    private static final byte[] BYTE_ARRAY_HEADER = {
        ValueCodec.FORMAT_VERSION, 1, 0, '[', (byte) ('B' | 0x80), NEW_REFERENCE
    };
    /** Kryo writes strings of 2 to this many ASCII characters without a length, the last byte flagged. */
    private static final int MAX_ASCII_FORM = 32;
    /** {@code Object[]} up to its length, as {@link #BYTE_ARRAY_HEADER} ({@code "[Ljava.lang.Object;"}). */
    private static final byte[] OBJECT_ARRAY_HEADER = objectArrayHeader();

    private ScalarCodec() {}

    /**
     * @return the bytes {@link ValueCodec#encode} would produce for the value, or {@code null} if the value is not
     *         one of the types handled here
     */
    static byte[] encode(Object value) {
        if (value != null && value.getClass() == byte[].class) {
            return encodeBytes((byte[]) value);
        }
        if (value != null && value.getClass() == Object[].class) {
            return encodeArray((Object[]) value);
        }
        int size = size(value);
        if (size < 0) {
            return null;
        }
        byte[] out = new byte[1 + size];
        out[0] = ValueCodec.FORMAT_VERSION;
        write(out, 1, value);
        return out;
    }

    /**
     * What {@code writeClassAndObject} writes for a value: its class, then (for a string) the reference marker,
     * then the value.
     *
     * @return how many bytes that takes, or -1 if the value is not one handled here
     */
    private static int size(Object value) {
        if (value == null) {
            return 1;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            return 2 + stringSize((String) value);
        }
        if (type == Integer.class) {
            return 1 + varIntSize(zigZag((Integer) value));
        }
        if (type == Long.class) {
            return 1 + varLongSize(zigZag((Long) value));
        }
        if (type == Boolean.class || type == Byte.class) {
            return 2;
        }
        if (type == Short.class || type == Character.class) {
            return 3;
        }
        if (type == Float.class) {
            return 1 + Float.BYTES;
        }
        if (type == Double.class) {
            return 1 + Double.BYTES;
        }
        return -1;
    }

    /** Writes a value {@link #size} accepted; @return the position after it */
    private static int write(byte[] out, int p, Object value) {
        if (value == null) {
            out[p] = NULL;
            return p + 1;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            out[p] = STRING;
            out[p + 1] = NEW_REFERENCE;
            return writeString(out, p + 2, (String) value);
        }
        if (type == Integer.class) {
            out[p] = INT;
            return writeVarInt(out, p + 1, zigZag((Integer) value));
        }
        if (type == Long.class) {
            out[p] = LONG;
            return writeVarLong(out, p + 1, zigZag((Long) value));
        }
        if (type == Boolean.class) {
            out[p] = BOOLEAN;
            out[p + 1] = (byte) ((Boolean) value ? 1 : 0);
            return p + 2;
        }
        if (type == Byte.class) {
            out[p] = BYTE;
            out[p + 1] = (Byte) value;
            return p + 2;
        }
        if (type == Short.class) {
            out[p] = SHORT;
            return writeLittleEndian(out, p + 1, (Short) value, Short.BYTES);
        }
        if (type == Character.class) {
            out[p] = CHAR;
            return writeLittleEndian(out, p + 1, (Character) value, Character.BYTES);
        }
        if (type == Float.class) {
            out[p] = FLOAT;
            return writeLittleEndian(out, p + 1, Float.floatToIntBits((Float) value), Float.BYTES);
        }
        out[p] = DOUBLE;
        return writeLittleEndian(out, p + 1, Double.doubleToLongBits((Double) value), Double.BYTES);
    }

    private static int zigZag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /**
     * @param bytes a whole encoded value, format version included (already checked by the caller)
     * @return the value, or {@link #NOT_SCALAR} if the bytes are to be read by Kryo
     */
    static Object decode(byte[] bytes) {
        if (bytes.length < 2) {
            return NOT_SCALAR;
        }
        int n = bytes.length;
        switch (bytes[1]) {
            case NULL:
                return n == 2 ? null : NOT_SCALAR;
            case STRING:
                return n >= 4 && bytes[2] == NEW_REFERENCE ? decodeString(bytes) : NOT_SCALAR;
            case INT: {
                long packed = readVarInt(bytes, 2);
                if (packed < 0 || end(packed) != n) {
                    return NOT_SCALAR;
                }
                int v = (int) packed;
                return (v >>> 1) ^ -(v & 1);
            }
            case LONG:
                return decodeLong(bytes);
            case BOOLEAN:
                return n == 3 ? bytes[2] == 1 : NOT_SCALAR; // Kryo reads 1 as true, anything else as false
            case BYTE:
                return n == 3 ? bytes[2] : NOT_SCALAR;
            case SHORT:
                return n == 2 + Short.BYTES ? (short) readLittleEndian(bytes, Short.BYTES) : NOT_SCALAR;
            case CHAR:
                return n == 2 + Character.BYTES ? (char) readLittleEndian(bytes, Character.BYTES) : NOT_SCALAR;
            case FLOAT:
                return n == 2 + Float.BYTES
                        ? Float.intBitsToFloat((int) readLittleEndian(bytes, Float.BYTES))
                        : NOT_SCALAR;
            case DOUBLE:
                return n == 2 + Double.BYTES
                        ? Double.longBitsToDouble(readLittleEndian(bytes, Double.BYTES))
                        : NOT_SCALAR;
            case 1: // a class written by name: only byte[] is ours
                return decodeBytes(bytes);
            default:
                return NOT_SCALAR;
        }
    }

    // ---- strings: Output.writeString / Input.readString ------------------------------------------------------

    /** Kryo's ASCII form for 2 to 32 ASCII chars, its UTF-8 form otherwise. */
    private static boolean asciiForm(String s) {
        return s.length() > 1 && s.length() <= MAX_ASCII_FORM && isAscii(s);
    }

    private static int stringSize(String s) {
        int count = s.length();
        if (asciiForm(s)) {
            return count;
        }
        int utf8 = 0;
        for (int i = 0; i < count; i++) {
            char c = s.charAt(i);
            utf8 += c <= 0x7F ? 1 : c <= 0x7FF ? 2 : 3;
        }
        return varIntFlagSize(count + 1) + utf8;
    }

    private static int writeString(byte[] out, int p, String s) {
        int count = s.length();
        if (asciiForm(s)) {
            s.getBytes(0, count, out, p); // deprecated for its lossy narrowing, which ASCII does not have
            out[p + count - 1] |= (byte) 0x80;
            return p + count;
        }
        p = writeVarIntFlag(out, p, count + 1);
        for (int i = 0; i < count; i++) {
            // Kryo's own UTF-8 variant: every char on its own (surrogates too), 1 to 3 bytes
            char c = s.charAt(i);
            if (c <= 0x7F) {
                out[p++] = (byte) c;
            } else if (c <= 0x7FF) {
                out[p++] = (byte) (0xC0 | c >> 6);
                out[p++] = (byte) (0x80 | c & 0x3F);
            } else {
                out[p++] = (byte) (0xE0 | c >> 12);
                out[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return p;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static Object decodeString(byte[] bytes) {
        int n = bytes.length;
        int first = bytes[3] & 0xFF;
        if ((first & 0x80) == 0) {
            // ASCII form: up to and including the first byte with the high bit set, which must be the last one
            if (bytes[n - 1] >= 0) {
                return NOT_SCALAR;
            }
            byte[] ascii = Arrays.copyOfRange(bytes, 3, n);
            ascii[ascii.length - 1] &= 0x7F;
            // The JDK copies ASCII bytes as they are (a vectorised check) and replaces any other byte with U+FFFD,
            // which no ASCII string contains; looking for it in an ASCII-only string returns at once.
            String s = new String(ascii, StandardCharsets.US_ASCII);
            return s.indexOf('\uFFFD') < 0 ? s : NOT_SCALAR;
        }
        // UTF-8 form: a flagged varint of count + 1, then the chars
        int countPlusOne = first & 0x3F;
        int p = 4;
        if ((first & 0x40) != 0) {
            int shift = 6;
            int b;
            do {
                if (p == n || shift > 27) {
                    return NOT_SCALAR;
                }
                b = bytes[p++];
                countPlusOne |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
        }
        if (countPlusOne < 1) {
            return NOT_SCALAR; // 0 is a null string, which Kryo never writes under the String class at the top
        }
        int count = countPlusOne - 1;
        if (count > n - p) {
            return NOT_SCALAR; // each char takes a byte at least: corrupt, for Kryo to report
        }
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            if (p == n) {
                return NOT_SCALAR;
            }
            int b = bytes[p++] & 0xFF;
            if (b <= 0x7F) {
                chars[i] = (char) b;
            } else if ((b & 0xE0) == 0xC0 && p < n && (bytes[p] & 0xC0) == 0x80) {
                chars[i] = (char) ((b & 0x1F) << 6 | bytes[p++] & 0x3F);
            } else if ((b & 0xF0) == 0xE0 && p + 1 < n && (bytes[p] & 0xC0) == 0x80 && (bytes[p + 1] & 0xC0) == 0x80) {
                chars[i] = (char) ((b & 0x0F) << 12 | (bytes[p++] & 0x3F) << 6 | bytes[p++] & 0x3F);
            } else {
                return NOT_SCALAR; // not a byte sequence Kryo writes
            }
        }
        return p == n ? new String(chars) : NOT_SCALAR;
    }

    // ---- byte[]: Kryo's ByteArraySerializer ------------------------------------------------------------------

    private static byte[] encodeBytes(byte[] value) {
        int lengthPlusOne = value.length + 1;
        int h = BYTE_ARRAY_HEADER.length;
        byte[] out = new byte[h + varIntSize(lengthPlusOne) + value.length];
        System.arraycopy(BYTE_ARRAY_HEADER, 0, out, 0, h);
        int p = writeVarInt(out, h, lengthPlusOne);
        System.arraycopy(value, 0, out, p, value.length);
        return out;
    }

    private static Object decodeBytes(byte[] bytes) {
        int h = BYTE_ARRAY_HEADER.length;
        if (bytes.length <= h) {
            return NOT_SCALAR;
        }
        for (int i = 2; i < h; i++) {
            if (bytes[i] != BYTE_ARRAY_HEADER[i]) {
                return NOT_SCALAR;
            }
        }
        long packed = readVarInt(bytes, h);
        if (packed < 0) {
            return NOT_SCALAR;
        }
        int lengthPlusOne = (int) packed;
        int p = end(packed);
        if (lengthPlusOne < 1 || lengthPlusOne - 1 != bytes.length - p) {
            return NOT_SCALAR; // a null array, or a length the bytes do not match
        }
        byte[] value = new byte[lengthPlusOne - 1];
        System.arraycopy(bytes, p, value, 0, value.length);
        return value;
    }

    // ---- Object[] (a durable method's arguments): Kryo's ObjectArraySerializer -----------------------------

    /**
     * An {@code Object[]} of the values {@link #size} handles, each written by {@code writeClassAndObject}. Kryo
     * writes a string it has already written in this value as a back-reference; such arrays are left to it.
     */
    private static byte[] encodeArray(Object[] array) {
        int size = OBJECT_ARRAY_HEADER.length + varIntSize(array.length + 1);
        for (int i = 0; i < array.length; i++) {
            int element = size(array[i]);
            if (element < 0 || (array[i] instanceof String && appearsBefore(array, i))) {
                return null;
            }
            size += element;
        }
        byte[] out = new byte[size];
        System.arraycopy(OBJECT_ARRAY_HEADER, 0, out, 0, OBJECT_ARRAY_HEADER.length);
        int p = writeVarInt(out, OBJECT_ARRAY_HEADER.length, array.length + 1);
        for (Object element : array) {
            p = write(out, p, element);
        }
        return out;
    }

    private static boolean appearsBefore(Object[] array, int index) {
        for (int i = 0; i < index; i++) {
            if (array[i] == array[index]) {
                return true;
            }
        }
        return false;
    }

    private static byte[] objectArrayHeader() {
        String name = Object[].class.getName();
        byte[] header = new byte[3 + name.length() + 1];
        header[0] = ValueCodec.FORMAT_VERSION;
        header[1] = 1; // class by name
        header[2] = 0; // the first name in this value
        writeString(header, 3, name);
        header[header.length - 1] = NEW_REFERENCE;
        return header;
    }

    // ---- Kryo's primitive encodings (Output / Input, little-endian) -----------------------------------------

    private static void header(byte[] out, byte type) {
        out[0] = ValueCodec.FORMAT_VERSION;
        out[1] = type;
    }

    private static int writeLittleEndian(byte[] out, int p, long bits, int width) {
        for (int i = 0; i < width; i++) {
            out[p + i] = (byte) (bits >>> (8 * i));
        }
        return p + width;
    }

    private static long readLittleEndian(byte[] bytes, int width) {
        long bits = 0;
        for (int i = 0; i < width; i++) {
            bits |= (bytes[2 + i] & 0xFFL) << (8 * i);
        }
        return bits;
    }

    private static int varIntSize(int v) {
        int size = 1;
        while ((v >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static int writeVarInt(byte[] out, int p, int v) {
        while ((v & ~0x7F) != 0) {
            out[p++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /**
     * Reads an unsigned varint of at most 5 bytes, as Kryo does (the fifth byte's low bits only).
     *
     * @return the value in the low 32 bits and the position after it in the next 32, or -1 if the bytes end first
     */
    private static long readVarInt(byte[] bytes, int p) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p == bytes.length) {
                return -1;
            }
            int b = bytes[p++];
            result |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        return (long) p << 32 | (result & 0xFFFFFFFFL);
    }

    private static int end(long packed) {
        return (int) (packed >>> 32);
    }

    /** Kryo's varint with a flag: the flag in the first byte's high bit, 6 value bits, then plain varint bytes. */
    private static int varIntFlagSize(int v) {
        return v >>> 6 == 0 ? 1 : 1 + varIntSize(v >>> 6);
    }

    private static int writeVarIntFlag(byte[] out, int p, int v) {
        int first = v & 0x3F | 0x80;
        if (v >>> 6 == 0) {
            out[p++] = (byte) first;
            return p;
        }
        out[p++] = (byte) (first | 0x40);
        return writeVarInt(out, p, v >>> 6);
    }

    /** Kryo's variable-length long: 7 bits in each of up to 8 bytes, then all 8 bits of a ninth. */
    private static int varLongSize(long v) {
        int size = 1;
        for (long rest = v >>> 7; rest != 0 && size < 9; rest >>>= 7) {
            size++;
        }
        return size;
    }

    private static int writeVarLong(byte[] out, int p, long v) {
        int size = varLongSize(v);
        for (int i = 0; i < size - 1; i++) {
            out[p++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    private static Object decodeLong(byte[] bytes) {
        int n = bytes.length;
        long v = 0;
        int p = 2;
        for (int i = 0; i < 9; i++) {
            if (p == n) {
                return NOT_SCALAR;
            }
            int b = bytes[p++];
            if (i == 8) {
                v |= (long) (b & 0xFF) << 56;
                break;
            }
            v |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                break;
            }
        }
        return p == n ? (v >>> 1) ^ -(v & 1) : NOT_SCALAR;
    }
}
