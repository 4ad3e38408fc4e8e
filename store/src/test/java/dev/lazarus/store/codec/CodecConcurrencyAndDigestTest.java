package dev.lazarus.store.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The digest is stable for equal values; one codec serves many threads and several class loaders at once. */
class CodecConcurrencyAndDigestTest {

    private static final ClassLoader LOADER = CodecConcurrencyAndDigestTest.class.getClassLoader();

    record Payment(String id, BigDecimal amount, Instant at, List<String> tags) {}

    @Test
    void digestIsStableForEqualValuesAndDiffersOtherwise() {
        ValueCodec codec = ValueCodec.create();
        Payment p1 =
                new Payment("p-1", new BigDecimal("10.50"), Instant.ofEpochSecond(1_700_000_000L), List.of("a", "b"));
        Payment p2 = new Payment(
                "p-1",
                new BigDecimal("10.50"),
                Instant.ofEpochSecond(1_700_000_000L),
                new ArrayList<>(List.of("a", "b")));
        String d1 = ValueCodec.digest(codec.encode(p1, LOADER));
        assertEquals(d1, ValueCodec.digest(codec.encode(p1, LOADER)), "same value twice");
        assertTrue(d1.matches("[0-9a-f]{32}"), d1);
        Payment other =
                new Payment("p-2", new BigDecimal("10.50"), Instant.ofEpochSecond(1_700_000_000L), List.of("a", "b"));
        assertNotEquals(d1, ValueCodec.digest(codec.encode(other, LOADER)));
        // equal but built differently: List.of vs ArrayList are different classes, so different bytes; documented
        assertNotEquals(d1, ValueCodec.digest(codec.encode(p2, LOADER)));
        assertEquals(
                ValueCodec.digest(codec.encode(p2, LOADER)),
                ValueCodec.digest(ValueCodec.create().encode(p2, LOADER)),
                "another codec instance (a restarted process) agrees");
    }

    @Test
    void hashOrderedCollectionsDigestTheSameWhateverTheirHistory() {
        ValueCodec codec = ValueCodec.create();
        // "Aa" and "BB" have the same hash code: a HashSet iterates them in insertion order, so these equal sets
        // iterate differently
        Set<String> first = new HashSet<>();
        first.add("Aa");
        first.add("BB");
        Set<String> second = new HashSet<>();
        second.add("BB");
        second.add("Aa");
        assertEquals(first, second);
        assertNotEquals(new ArrayList<>(first), new ArrayList<>(second), "precondition: different iteration orders");
        assertEquals(ValueCodec.digest(codec.encode(first, LOADER)), ValueCodec.digest(codec.encode(second, LOADER)));

        Map<String, Integer> m1 = new HashMap<>();
        m1.put("Aa", 1);
        m1.put("BB", 2);
        Map<String, Integer> m2 = new HashMap<>();
        m2.put("BB", 2);
        m2.put("Aa", 1);
        assertEquals(ValueCodec.digest(codec.encode(m1, LOADER)), ValueCodec.digest(codec.encode(m2, LOADER)));

        // Set.of iterates in a per-JVM random order: written sorted, so another JVM digests it the same
        Set<String> of = Set.of("x", "y", "z", "w");
        byte[] bytes = codec.encode(of, LOADER);
        assertEquals(ValueCodec.digest(bytes), ValueCodec.digest(codec.encode(Set.of("w", "z", "y", "x"), LOADER)));
        // and an insertion-ordered set keeps its order
        LinkedHashSet<String> linked = new LinkedHashSet<>(List.of("b", "a"));
        assertEquals(List.of("b", "a"), new ArrayList<>((Set<?>) codec.decode(codec.encode(linked, LOADER), LOADER)));
    }

    private static final String VERSION_A = """
            package com.acme.multi;
            public class Tenant {
                public String name = "A";
                public int a = 1;
            }
            """;

    private static final String VERSION_B = """
            package com.acme.multi;
            public class Tenant {
                public long b = 2;
                public String name = "B";
            }
            """;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void eightThreadsOneCodecTwoApplicationLoaders() throws Exception {
        ValueCodec codec = ValueCodec.create();
        // Two applications (web apps, say) with different classes of the same name share the agent's codec.
        ClassLoader appA = Throwaway.loader(LOADER, VERSION_A);
        ClassLoader appB = Throwaway.loader(LOADER, VERSION_B);
        Object tenantA = Throwaway.create(appA, "com.acme.multi.Tenant");
        Object tenantB = Throwaway.create(appB, "com.acme.multi.Tenant");

        int threads = 8;
        int iterations = 300;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(
                    () -> {
                        try {
                            start.await();
                            for (int i = 0; i < iterations; i++) {
                                Payment payment = new Payment(
                                        "p-" + id + "-" + i,
                                        BigDecimal.valueOf(i, 2),
                                        Instant.ofEpochSecond(i),
                                        List.of("t" + id));
                                assertEquals(payment, codec.decode(codec.encode(payment, LOADER), LOADER));

                                IllegalStateException failure =
                                        new IllegalStateException("failure " + i, new RuntimeException("cause " + id));
                                Throwable back = (Throwable) codec.decode(codec.encode(failure, LOADER), LOADER);
                                assertEquals("failure " + i, back.getMessage());
                                assertEquals("cause " + id, back.getCause().getMessage());

                                boolean useA = (i + id) % 2 == 0;
                                ClassLoader app = useA ? appA : appB;
                                Object tenant = codec.decode(codec.encode(useA ? tenantA : tenantB, app), app);
                                assertSame(
                                        app, tenant.getClass().getClassLoader(), "resolved by the loader of the call");
                                assertEquals(
                                        useA ? "A" : "B",
                                        tenant.getClass().getField("name").get(tenant));

                                if (i % 50 == 0) {
                                    try {
                                        codec.encode(
                                                List.of(Thread.currentThread()),
                                                LOADER); // failures drop their Kryo instance
                                    } catch (CodecException expected) {
                                        // fine
                                    }
                                }
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    },
                    "codec-worker-" + t);
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " worker failures, first: " + failures.get(0));
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
