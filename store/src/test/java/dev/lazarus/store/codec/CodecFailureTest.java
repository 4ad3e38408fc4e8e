package dev.lazarus.store.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What cannot be journaled, or can no longer be read back, fails with a one-line message naming class and field. */
class CodecFailureTest {

    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = CodecFailureTest.class.getClassLoader();

    private static CodecException encodeFails(Object value) {
        CodecException e = assertThrows(CodecException.class, () -> CODEC.encode(value, LOADER));
        assertEquals(CodecException.CANNOT_SERIALIZE, e.code());
        assertTrue(e.getMessage().startsWith("LAZ-201: cannot serialize a value of class "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    static final class Customer {
        String name = "ada";
        Socket socket = new Socket();
    }

    static final class Order {
        String id = "o-1";
        Customer customer = new Customer();
    }

    @Test
    void socketDeepInAGraphIsNamedWithItsFieldPath() {
        CodecException e = encodeFails(new Order());
        assertTrue(e.getMessage().contains("class " + Order.class.getName()), e.getMessage());
        assertTrue(
                e.getMessage().contains("field CodecFailureTest$Order.customer.socket: java.net.Socket"),
                e.getMessage());
        assertTrue(e.getMessage().contains("network connection"), e.getMessage());
        assertEquals("java.net.Socket", e.className());
    }

    static final class Job {
        final Object worker;

        Job(Object worker) {
            this.worker = worker;
        }
    }

    @Test
    void threadsStreamsClassLoadersAndFuturesAreRefused() {
        CodecException thread = encodeFails(new Job(new Thread(() -> {})));
        assertTrue(
                thread.getMessage().contains("field CodecFailureTest$Job.worker: java.lang.Thread"),
                thread.getMessage());
        assertTrue(thread.getMessage().contains("a thread"), thread.getMessage());

        CodecException stream = encodeFails(new Job(new ByteArrayInputStream(new byte[3])));
        assertTrue(
                stream.getMessage()
                        .contains("java.io.ByteArrayInputStream): it is a java.io.InputStream, an open stream"),
                stream.getMessage());
        assertEquals("java.io.ByteArrayInputStream", stream.className());

        CodecException loader = encodeFails(new Job(LOADER));
        assertTrue(loader.getMessage().contains("a class loader"), loader.getMessage());

        CodecException future = encodeFails(List.of(CompletableFuture.completedFuture(1)));
        assertTrue(future.getMessage().contains("java.util.concurrent.CompletableFuture"), future.getMessage());

        // At the top level, too
        CodecException top = encodeFails(Thread.currentThread());
        assertTrue(top.getMessage().contains("a thread"), top.getMessage());
    }

    @Test
    void elementsOfCollectionsAndMapsGetAPathStep() {
        List<Object> items = new ArrayList<>(List.of("fine"));
        items.add(new Job(InputStream.nullInputStream()));
        CodecException e = encodeFails(Map.of("items", items));
        assertTrue(e.getMessage().contains("[][].worker"), e.getMessage());
    }

    @Test
    void nonSerializableLambdaIsNamed() {
        Supplier<String> lambda = () -> "not data";
        CodecException e = encodeFails(new Job(lambda));
        assertTrue(
                e.getMessage().contains("lambda or method reference created in " + CodecFailureTest.class.getName()),
                e.getMessage());
        assertTrue(e.getMessage().contains("field CodecFailureTest$Job.worker"), e.getMessage());
    }

    @Test
    void dynamicProxyIsNamed() {
        Runnable proxy = (Runnable)
                java.lang.reflect.Proxy.newProxyInstance(LOADER, new Class<?>[] {Runnable.class}, (p, m, a) -> null);
        CodecException e = encodeFails(new Job(proxy));
        assertTrue(e.getMessage().contains("dynamic proxy"), e.getMessage());
    }

    static final class Link {
        Link next;
    }

    private static Link chain(int length) {
        Link head = new Link();
        Link current = head;
        for (int i = 1; i < length; i++) {
            current.next = new Link();
            current = current.next;
        }
        return head;
    }

    /** @return whether a chain of {@code length} links encodes, on a new thread with a stack of {@code stackBytes} */
    private static boolean encodes(int length, long stackBytes) throws InterruptedException {
        Link head = chain(length);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(
                null,
                () -> {
                    try {
                        CODEC.encode(head, LOADER);
                        outcome.set(Boolean.TRUE);
                    } catch (CodecException e) {
                        outcome.set(e);
                    }
                },
                "encoder",
                stackBytes);
        t.start();
        t.join();
        if (outcome.get() instanceof CodecException e) {
            assertTrue(
                    e.getMessage().contains("nested more than " + ValueCodec.MAX_GRAPH_DEPTH + " levels deep"),
                    "refused by the depth limit, not by the stack: " + e.getMessage());
            return false;
        }
        return true;
    }

    /**
     * The longest chain that encodes is the same on a thread with 1 MiB of stack (the JVM's default on 64-bit Linux)
     * as on one with 64 MiB, cold or warm: the limit decides, never the stack (which let 1,000 to 1,900 links pass,
     * depending on the JIT). It was found by bisection on the large stack.
     */
    @Test
    void theDepthLimitIsTheSameWhateverTheStack() throws InterruptedException {
        int lo = 1;
        int hi = 4 * ValueCodec.MAX_GRAPH_DEPTH;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (encodes(mid, 64 << 20)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int longest = lo;
        assertTrue(
                longest > ValueCodec.MAX_GRAPH_DEPTH / 2 && longest <= ValueCodec.MAX_GRAPH_DEPTH,
                "a chain of " + longest + " links is the longest that encodes");
        for (int round = 0; round < 3; round++) {
            assertTrue(encodes(longest, 1 << 20), "round " + round);
            assertFalse(encodes(longest + 1, 1 << 20), "round " + round);
        }
        assertTrue(encodes(longest, 64 << 20));
        assertFalse(encodes(100_000, 64 << 20), "a chain far longer is refused by the limit too");
    }

    @Test
    void graphTooDeepIsACodecExceptionAndTheCodecStillWorks() {
        CodecException e = encodeFails(chain(300_000));
        assertTrue(e.getMessage().contains("nested more than " + ValueCodec.MAX_GRAPH_DEPTH), e.getMessage());
        assertEquals(
                "a codec that refused a value still works",
                CODEC.decode(CODEC.encode("a codec that refused a value still works", LOADER), LOADER));
    }

    // --- decoding

    private static final String POJO_V1 = """
            package com.acme.model;
            public class Invoice {
                public String number;
                public long cents;
                public Invoice(String number, long cents) { this.number = number; this.cents = cents; }
            }
            """;

    private static final String POJO_V2 = """
            package com.acme.model;
            public class Invoice {
                public String number;
                public String currency;
                public long cents;
                public Invoice(String number, long cents) { this.number = number; this.cents = cents; }
            }
            """;

    private static CodecException decodeFails(byte[] bytes, ClassLoader loader) {
        CodecException e = assertThrows(CodecException.class, () -> CODEC.decode(bytes, loader));
        assertEquals(CodecException.CANNOT_DESERIALIZE, e.code());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void missingClassIsNamed() {
        ClassLoader deployed = Throwaway.loader(LOADER, POJO_V1);
        Object invoice = Throwaway.create(deployed, "com.acme.model.Invoice", "F-1", 1999L);
        byte[] bytes = CODEC.encode(List.of("x", invoice), deployed);
        assertEquals(
                invoice.getClass(),
                ((List<?>) CODEC.decode(bytes, deployed)).get(1).getClass());

        CodecException e = decodeFails(bytes, LOADER);
        assertEquals("com.acme.model.Invoice", e.className());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "LAZ-202: cannot deserialize a value of class com.acme.model.Invoice: the class is not "
                                        + "found"),
                e.getMessage());
    }

    @Test
    void classThatChangedShapeIsNamed() {
        ClassLoader v1 = Throwaway.loader(LOADER, POJO_V1);
        ClassLoader v2 = Throwaway.loader(LOADER, POJO_V2);
        byte[] bytes = CODEC.encode(Map.of("invoice", Throwaway.create(v1, "com.acme.model.Invoice", "F-2", 5L)), v1);
        CodecException e = decodeFails(bytes, v2);
        assertEquals("com.acme.model.Invoice", e.className());
        assertTrue(e.getMessage().contains("changed shape"), e.getMessage());
        assertTrue(e.getMessage().contains("currency: java.lang.String"), e.getMessage());
    }

    @Test
    void recordThatChangedShapeIsNamed() {
        ClassLoader v1 = Throwaway.loader(LOADER, "package com.acme.rec; public record Point(int x, int y) { }");
        ClassLoader v2 = Throwaway.loader(LOADER, "package com.acme.rec; public record Point(long x, long y) { }");
        byte[] bytes = CODEC.encode(Throwaway.create(v1, "com.acme.rec.Point", 1, 2), v1);
        CodecException e = decodeFails(bytes, v2);
        assertEquals("com.acme.rec.Point", e.className());
        assertTrue(e.getMessage().contains("changed shape"), e.getMessage());
    }

    @Test
    void removedEnumConstantIsNamedButReorderingIsFine() {
        ClassLoader v1 = Throwaway.loader(LOADER, "package com.acme.st; public enum Status { NEW, PAID, SHIPPED }");
        ClassLoader reordered =
                Throwaway.loader(LOADER, "package com.acme.st; public enum Status { SHIPPED, NEW, PAID }");
        ClassLoader removed = Throwaway.loader(LOADER, "package com.acme.st; public enum Status { NEW, PAID }");
        Object paid = enumConstant(v1, "PAID");
        Object shipped = enumConstant(v1, "SHIPPED");
        assertEquals("PAID", ((Enum<?>) CODEC.decode(CODEC.encode(paid, v1), reordered)).name());

        CodecException e = decodeFails(CODEC.encode(shipped, v1), removed);
        assertEquals("com.acme.st.Status", e.className());
        assertTrue(e.getMessage().contains("no constant SHIPPED"), e.getMessage());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(ClassLoader loader, String name) {
        try {
            return Enum.valueOf((Class) Class.forName("com.acme.st.Status", true, loader), name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void wrongFormatVersionAndTrailingBytesAreRefused() {
        byte[] bytes = CODEC.encode("hello", LOADER);
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 9;
        assertTrue(decodeFails(otherVersion, LOADER).getMessage().contains("format version 9"));
        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        assertTrue(decodeFails(trailing, LOADER).getMessage().contains("2 bytes follow the value"));
        assertTrue(decodeFails(new byte[0], LOADER).getMessage().contains("empty"));
    }

    @Test
    void aFailureDoesNotPoisonTheCodec() {
        encodeFails(new Order());
        assertEquals("still fine", CODEC.decode(CODEC.encode("still fine", LOADER), LOADER));
    }
}
