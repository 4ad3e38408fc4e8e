package dev.lazarus.store.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.esotericsoftware.kryo.kryo5.io.Output;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ScalarCodec} writes exactly the bytes the Kryo configuration of the journal writes, reads exactly what Kryo
 * reads from them, and leaves everything else to Kryo. Kryo here is a {@link CodecKryo} used directly, as
 * {@link ValueCodec} used it before the fast path existed, so journals and execution keys from then still match.
 */
class ScalarCodecTest {

    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = ScalarCodecTest.class.getClassLoader();
    private static final Random RANDOM = new Random(20261126);

    /** The bytes Kryo writes for a value, format version first, as {@link ValueCodec#encode} did before. */
    private static byte[] kryoEncode(Object value) {
        CodecKryo kryo = new CodecKryo(CODEC);
        kryo.setClassLoader(LOADER);
        Output output = new Output(256, -1);
        output.writeByte(ValueCodec.FORMAT_VERSION);
        kryo.writeClassAndObject(output, value);
        return output.toBytes();
    }

    /** What Kryo reads from bytes, as {@link ValueCodec#decode} did before. */
    private static Object kryoDecode(byte[] bytes) {
        CodecKryo kryo = new CodecKryo(CODEC);
        kryo.setClassLoader(LOADER);
        kryo.reading(true);
        BoundedInput input = new BoundedInput();
        input.reset(bytes, 1, bytes.length - 1);
        Object value = kryo.readClassAndObject(input);
        if (input.position() != bytes.length) {
            throw new IllegalStateException("bytes follow the value");
        }
        return value;
    }

    private static void assertSameAsKryo(Object value) {
        byte[] kryo = kryoEncode(value);
        byte[] fast = ScalarCodec.encode(value);
        assertArrayEquals(kryo, fast, () -> "encoding of " + describe(value));
        assertEquals(
                ValueCodec.digest(kryo),
                ValueCodec.digest(CODEC.encode(value, LOADER)),
                "execution keys stay the same");
        Object decoded = ScalarCodec.decode(kryo);
        assertNotEquals(ScalarCodec.NOT_SCALAR, decoded, () -> "decoding of " + describe(value));
        assertEqualValues(value, decoded);
        assertEqualValues(value, CODEC.decode(CODEC.encode(value, LOADER), LOADER));
    }

    private static void assertEqualValues(Object expected, Object actual) {
        if (expected instanceof byte[]) {
            assertArrayEquals((byte[]) expected, (byte[]) actual);
        } else {
            assertEquals(expected, actual, () -> describe(expected));
            if (expected != null) {
                assertSame(expected.getClass(), actual.getClass());
            }
        }
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            StringBuilder b = new StringBuilder("string of ")
                    .append(((String) value).length())
                    .append(" chars:");
            ((String) value).chars().limit(40).forEach(c -> b.append(' ').append(Integer.toHexString(c)));
            return b.toString();
        }
        return value instanceof byte[] ? "byte[" + ((byte[]) value).length + "]" : String.valueOf(value);
    }

    @Test
    void nullAndBooleansAndBytes() {
        for (Object v :
                new Object[] {null, true, false, (byte) 0, (byte) 1, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE}) {
            assertSameAsKryo(v);
        }
    }

    @Test
    void intsAndLongsAtEveryVarintLength() {
        List<Long> edges = new ArrayList<>(List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        for (int bits = 1; bits < 64; bits++) {
            long p = 1L << bits;
            edges.addAll(List.of(p, p - 1, p + 1, -p, -p - 1, -p + 1, p >> 1, -(p >> 1)));
        }
        for (int i = 0; i < 2000; i++) {
            edges.add(RANDOM.nextLong() >> RANDOM.nextInt(64));
        }
        for (long v : edges) {
            assertSameAsKryo(v);
            assertSameAsKryo((int) v);
        }
    }

    @Test
    void shortsCharsFloatsDoubles() {
        for (int i = 0; i < 2000; i++) {
            assertSameAsKryo((short) RANDOM.nextInt());
            assertSameAsKryo((char) RANDOM.nextInt());
            assertSameAsKryo(Float.intBitsToFloat(RANDOM.nextInt()));
            assertSameAsKryo(Double.longBitsToDouble(RANDOM.nextLong()));
        }
        for (Object v : new Object[] {
            Short.MIN_VALUE,
            Short.MAX_VALUE,
            Character.MIN_VALUE,
            Character.MAX_VALUE,
            0.0f,
            -0.0f,
            Float.NaN,
            Float.MIN_VALUE,
            Float.NEGATIVE_INFINITY,
            0.0d,
            -0.0d,
            Double.NaN,
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY
        }) {
            assertSameAsKryo(v);
        }
    }

    @Test
    void stringsOfEveryForm() {
        // Kryo's ASCII form holds 2 to 32 chars; shorter, longer and non-ASCII strings use its UTF-8 form
        for (String s : List.of(
                "",
                "a",
                "ab",
                "\0",
                "\0\0",
                "0123456789abcdef0123456789abcdef",
                "0123456789abcdef0123456789abcdef!",
                "h\u00e9llo",
                "\u00ff",
                "\u0100",
                "\u07ff",
                "\u0800",
                "\uffff",
                "\ud83d\ude00 emoji",
                "\udc00 lone surrogate",
                "x".repeat(63),
                "x".repeat(64),
                "y".repeat(10_000),
                "\u00e9".repeat(5000))) {
            assertSameAsKryo(s);
        }
        char[][] alphabets = {
            "abcXYZ019 _-".toCharArray(), {0, 1, 0x7f, 0x80, 0xff, 0x7ff, 0x800, 0xd800, 0xdfff, 0xfffe, 0xffff},
        };
        for (int i = 0; i < 3000; i++) {
            int length = RANDOM.nextInt(i % 10 == 0 ? 300 : 40);
            char[] chars = new char[length];
            for (int j = 0; j < length; j++) {
                int kind = RANDOM.nextInt(3);
                chars[j] = kind == 2
                        ? (char) RANDOM.nextInt(0x10000)
                        : alphabets[kind][RANDOM.nextInt(alphabets[kind].length)];
            }
            assertSameAsKryo(new String(chars));
        }
    }

    @Test
    void byteArrays() {
        for (int length : new int[] {0, 1, 2, 126, 127, 128, 129, 16383, 16384, 100_000}) {
            byte[] bytes = new byte[length];
            RANDOM.nextBytes(bytes);
            assertSameAsKryo(bytes);
        }
    }

    @Test
    void argumentArraysOfScalarsAreWrittenAsKryoWritesThem() {
        List<Object[]> arrays = List.of(
                new Object[0],
                new Object[] {null},
                new Object[] {"order-1", 42},
                new Object[] {
                    "a", new String("a"), 1L, 2.5d, 1.5f, true, (byte) 1, (short) 2, 'c', null, "h\u00e9llo", ""
                },
                new Object[] {new String("same"), new String("same")}, // equal but distinct: written twice
                new Object[200]);
        for (Object[] array : arrays) {
            byte[] kryo = kryoEncode(array);
            assertArrayEquals(kryo, ScalarCodec.encode(array), () -> Arrays.toString(array));
            assertArrayEquals(kryo, CODEC.encode(array, LOADER));
            assertEquals(
                    ValueCodec.digest(kryo),
                    ValueCodec.digest(CODEC.encode(array, LOADER)),
                    "execution keys stay the same");
            assertArrayEquals(array, (Object[]) CODEC.decode(CODEC.encode(array, LOADER), LOADER)); // read by Kryo
        }
        Object[] many = new Object[1000];
        for (int i = 0; i < many.length; i++) {
            many[i] = RANDOM.nextBoolean() ? (Object) RANDOM.nextLong() : "s" + i;
        }
        assertArrayEquals(kryoEncode(many), ScalarCodec.encode(many));
    }

    @Test
    void argumentArraysKryoWritesDifferentlyAreLeftToIt() {
        String shared = "twice";
        List<Object[]> arrays = List.of(
                new Object[] {shared, shared}, // Kryo writes a back-reference
                new Object[] {"a", new byte[] {1}},
                new Object[] {new Object[] {"nested"}},
                new Object[] {"a", List.of(1)},
                new Object[] {new BigDecimal("2.50")});
        for (Object[] array : arrays) {
            assertNull(ScalarCodec.encode(array), () -> Arrays.deepToString(array));
            assertArrayEquals(kryoEncode(array), CODEC.encode(array, LOADER), () -> Arrays.deepToString(array));
        }
        assertNull(ScalarCodec.encode(new String[] {"a"}), "String[] is written by its own serializer");
    }

    @Test
    void otherValuesStillGoThroughKryo() {
        record Point(int x, String label) {}
        enum Color {
            RED
        }
        Object[] others = {
            new Point(1, "a"),
            List.of("a", 1),
            Map.of("k", 2L),
            new Object[] {"a", new Point(2, "b")},
            new String[] {"a"},
            new int[] {1, 2},
            new BigDecimal("1.50"),
            Color.RED,
            new StringBuilder("sb"),
            new IllegalStateException("boom"),
            Integer.class
        };
        for (Object v : others) {
            assertNull(ScalarCodec.encode(v), () -> v.getClass().getName());
            byte[] bytes = CODEC.encode(v, LOADER);
            assertArrayEquals(kryoEncode(v), bytes, () -> v.getClass().getName());
            assertSame(
                    ScalarCodec.NOT_SCALAR,
                    ScalarCodec.decode(bytes),
                    () -> v.getClass().getName());
        }
        assertEquals(new Point(1, "a"), CODEC.decode(CODEC.encode(new Point(1, "a"), LOADER), LOADER));
    }

    @Test
    void changedValuesChangeTheBytes() {
        // argument digests and execution keys compare these bytes: a different value must never encode the same
        Object[][] pairs = {
            {"order-1", "order-2"},
            {"ab", "ab "},
            {"", null},
            {1, 2},
            {1, 1L},
            {1L, 1.0d},
            {0.0d, -0.0d},
            {true, false},
            {(short) 1, (char) 1},
            {new byte[] {1}, new byte[] {1, 0}},
            {new Object[] {"k", 1}, new Object[] {"k", 2}},
            {new Object[] {"k", 1}, new Object[] {1, "k"}},
            {new Object[] {"k"}, new Object[] {"k", null}}
        };
        for (Object[] pair : pairs) {
            assertNotEquals(
                    Arrays.toString(CODEC.encode(pair[0], LOADER)), Arrays.toString(CODEC.encode(pair[1], LOADER)));
            assertNotEquals(
                    ValueCodec.digest(CODEC.encode(pair[0], LOADER)), ValueCodec.digest(CODEC.encode(pair[1], LOADER)));
        }
    }

    @Test
    void truncatedOrTrailingBytesAreLeftToKryoWhichRefusesThem() {
        for (Object v : new Object[] {
            "0123456789abcdef",
            "h\u00e9llo",
            "a",
            300,
            1L << 40,
            1.5d,
            2.5f,
            (short) 3,
            'c',
            true,
            (byte) 4,
            new byte[] {1, 2, 3}
        }) {
            byte[] bytes = CODEC.encode(v, LOADER);
            for (int length = 2; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertSame(ScalarCodec.NOT_SCALAR, ScalarCodec.decode(truncated), () -> describe(v));
                assertThrows(CodecException.class, () -> CODEC.decode(truncated, LOADER), () -> describe(v));
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertSame(ScalarCodec.NOT_SCALAR, ScalarCodec.decode(longer), () -> describe(v));
            assertThrows(CodecException.class, () -> CODEC.decode(longer, LOADER), () -> describe(v));
        }
    }

    @Test
    void anAsciiStringEndingBeforeItsLastByteIsLeftToKryo() {
        // Kryo's ASCII form ends at the first byte with the high bit set; anything after it is not this value
        byte[] bytes = {ValueCodec.FORMAT_VERSION, 3, 1, 'a', (byte) ('b' | 0x80), (byte) ('c' | 0x80)};
        assertSame(ScalarCodec.NOT_SCALAR, ScalarCodec.decode(bytes));
        assertThrows(CodecException.class, () -> CODEC.decode(bytes, LOADER));
        byte[] unterminated = {ValueCodec.FORMAT_VERSION, 3, 1, 'a', 'b'};
        assertSame(ScalarCodec.NOT_SCALAR, ScalarCodec.decode(unterminated));
        assertThrows(CodecException.class, () -> CODEC.decode(unterminated, LOADER));
    }

    @Test
    void randomBytesDecodeToWhatKryoReadsOrAreLeftToKryo() {
        // differential: whatever the fast path accepts, Kryo reads as the same value
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = new byte[2 + RANDOM.nextInt(12)];
            RANDOM.nextBytes(bytes);
            bytes[0] = ValueCodec.FORMAT_VERSION;
            bytes[1] = (byte) RANDOM.nextInt(11);
            if (bytes[1] == 3 && bytes.length > 2 && RANDOM.nextBoolean()) {
                bytes[2] = 1;
            }
            Object fast = ScalarCodec.decode(bytes);
            if (fast == ScalarCodec.NOT_SCALAR) {
                continue;
            }
            accepted++;
            Object kryo;
            try {
                kryo = kryoDecode(bytes);
            } catch (RuntimeException e) {
                fail("the fast path accepted bytes Kryo refuses: " + Arrays.toString(bytes) + ": " + e);
                return;
            }
            assertEqualValues(kryo, fast);
        }
        assertNotEquals(0, accepted);
    }
}
