package dev.lazarus.store.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Corrupt, truncated and random bytes fail with a {@link CodecException}, never with another exception, an
 * {@code OutOfMemoryError}, a large allocation or a hang (kryo#1282: Kryo allocates from length prefixes).
 *
 * <p>The timeouts only guard against hangs; they are far above the expected run time.
 */
class CorruptInputTest {

    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = CorruptInputTest.class.getClassLoader();

    /** Per decode. A valid decode of the sample allocates well under 1 MB; one declared 2^31 length is gigabytes. */
    private static final long MAX_ALLOCATION = 32L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    record Item(String name, int[] counts, List<String> tags) {}

    /** One value exercising every length-prefixed form: strings, primitive and object arrays, collections, maps. */
    static Map<String, Object> sample() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ascii", "plain ascii text");
        value.put("utf8", "héllo wörld ✓");
        value.put("bytes", new byte[] {1, 2, 3, 4, 5});
        value.put("ints", new int[] {1, 300, -5});
        value.put("longs", new long[] {1L << 40, 7});
        value.put("doubles", new double[] {1.5});
        value.put("chars", new char[] {'x', 'y'});
        value.put("booleans", new boolean[] {true, false});
        value.put("strings", new String[] {"a", "b"});
        value.put("objects", new Object[] {1, "two", null});
        value.put("list", new ArrayList<>(List.of("l1", "l2")));
        value.put("set", new HashSet<>(Set.of(1, 2, 3)));
        value.put("map", new HashMap<>(Map.of("k", 1)));
        value.put("immutable", List.of("i1", "i2"));
        value.put("queue", new PriorityQueue<>(List.of(3, 1)));
        value.put("big", new BigInteger("123456789012345678901234567890"));
        value.put("record", new Item("item", new int[] {4, 5}, List.of("t")));
        IllegalStateException error = new IllegalStateException("recorded");
        // A short trace keeps the sample small: the offset test decodes it a few thousand times.
        error.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.acme.Svc", "call", "Svc.java", 12)});
        value.put("error", error);
        value.put("unit", TimeUnit.SECONDS);
        return value;
    }

    private static void decodeSafely(byte[] bytes) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            CODEC.decode(bytes, LOADER);
        } catch (CodecException expected) {
            assertTrue(expected.getMessage().startsWith("LAZ-202: "), expected.getMessage());
        } catch (Throwable unexpected) {
            fail(
                    "decode threw " + unexpected + " for "
                            + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 64))),
                    unexpected);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > MAX_ALLOCATION) {
            fail("decode allocated " + (allocated >> 20) + " MB for " + bytes.length + " bytes: "
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 64))));
        }
    }

    @Test
    void theSampleItselfDecodes() {
        Assumptions.assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        byte[] bytes = CODEC.encode(sample(), LOADER);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) CODEC.decode(bytes, LOADER);
        assertEquals(sample().keySet(), back.keySet());
        decodeSafely(bytes);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void hugeLengthPrefixesAtEveryOffset() {
        Assumptions.assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        byte[] valid = CODEC.encode(sample(), LOADER);
        // Positive varints of 2^31-1 and 2^28, and a negative one, written over and inserted at every offset.
        byte[][] prefixes = {
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01},
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}
        };
        for (int offset = 1; offset < valid.length; offset++) {
            for (byte[] prefix : prefixes) {
                byte[] overwritten = valid.clone();
                System.arraycopy(prefix, 0, overwritten, offset, Math.min(prefix.length, valid.length - offset));
                decodeSafely(overwritten);
                byte[] inserted = new byte[valid.length + prefix.length];
                System.arraycopy(valid, 0, inserted, 0, offset);
                System.arraycopy(prefix, 0, inserted, offset, prefix.length);
                System.arraycopy(valid, offset, inserted, offset + prefix.length, valid.length - offset);
                decodeSafely(inserted);
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void truncatedValuesAlwaysFail() {
        byte[] valid = CODEC.encode(sample(), LOADER);
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            CodecException e =
                    assertThrows(CodecException.class, () -> CODEC.decode(truncated, LOADER), "length " + length);
            assertEquals(CodecException.CANNOT_DESERIALIZE, e.code());
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void randomBytesAndRandomMutations() {
        Assumptions.assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        Random random = new Random(20240601L); // fixed: a failure is reproducible
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(200)];
            random.nextBytes(bytes);
            if (i % 10 != 0) {
                bytes[0] = ValueCodec.FORMAT_VERSION; // mostly past the version check, into Kryo
            }
            decodeSafely(bytes);
        }
        byte[] valid = CODEC.encode(sample(), LOADER);
        for (int i = 0; i < 2000; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[1 + random.nextInt(mutated.length - 1)] = (byte) random.nextInt(256);
            }
            decodeSafely(mutated);
        }
    }
}
