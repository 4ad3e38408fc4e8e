package dev.lazarus.agent.internal.instrumentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Each rule by which a declared result type decides between journaled and recomputed, on types of this test
 * (read from their class files, as the agent reads the application's) and of the JDK: removing or changing a
 * rule fails the case that names it.
 */
class ResultTypesTest {
    /** A service interface. */
    interface Service {
        String answer(String question);
    }

    /** An interface whose contract is accessors of plain data: a value behind an interface. */
    interface Priced {
        String sku();

        int cents();
    }

    /** An interface whose only method hands out another service. */
    interface Factory {
        Service service();
    }

    /** An abstract class. */
    abstract static class AbstractService {
        abstract String answer();
    }

    /** A user's DTO. */
    static final class Dto {
        String text;
    }

    /** A record. */
    record Point(int x, int y) {}

    /** An enum whose constants have bodies: the class file marks it abstract, and it is still data. */
    enum Operation {
        PLUS {
            @Override
            int apply(int a, int b) {
                return a + b;
            }
        };

        abstract int apply(int a, int b);
    }

    /** A sealed type of records only: data. */
    sealed interface Outcome permits Won, Lost {}

    /** One outcome. */
    record Won(int points) implements Outcome {}

    /** The other. */
    record Lost(String why) implements Outcome {}

    /** A sealed type with a service among its subclasses: not data. */
    sealed interface Mixed permits Plain, Handle {}

    /** Data. */
    record Plain(String text) implements Mixed {}

    /** A service. */
    non-sealed interface Handle extends Mixed {}

    /** A builder by its name. */
    static final class RequestBuilder {
        RequestBuilder with(String s) {
            return this;
        }
    }

    /** A builder by its public {@code build()} without parameters. */
    static final class Assembler {
        public Dto build() {
            return new Dto();
        }
    }

    /** A resource of the application's own. */
    static final class Session implements AutoCloseable {
        @Override
        public void close() {}
    }

    /** A resource through its superclass. */
    static final class CountingStream extends InputStream {
        @Override
        public int read() {
            return -1;
        }
    }

    /** A socket of the application's own: a live resource no boundary covers. */
    static final class TracedSocket extends Socket {}

    /** A DTO that is iterable: still data. */
    static final class Page implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.<String>of().iterator();
        }
    }

    /** A generic service. */
    static final class Box<T> {
        T get() {
            return null;
        }

        Object raw() {
            return null;
        }
    }

    private final ResultTypes results;

    ResultTypesTest() throws IOException {
        ClassNode current = new ClassNode();
        try (InputStream in = getClass().getResourceAsStream(getClass().getSimpleName() + ".class")) {
            new ClassReader(in).accept(current, ClassReader.SKIP_CODE);
        }
        results = new ResultTypes(new CalleeFacts(current, getClass().getClassLoader()));
    }

    private ResultShape shapeOf(Class<?> type) {
        return results.of(Type.getType(type)).shape();
    }

    @Test
    void plainDataMayBeJournaled() {
        for (Class<?> data : new Class<?>[] {
            int.class,
            long[].class,
            String.class,
            Integer.class,
            BigDecimal.class,
            Instant.class,
            ZoneId.class, // abstract, and a java.time value
            List.class,
            Map.class,
            Optional.class,
            ArrayList.class,
            Path.class, // an interface, and a value
            String[].class,
            Dto.class,
            Point.class,
            Operation.class,
            Outcome.class,
            Page.class
        }) {
            assertEquals(ResultShape.DATA, shapeOf(data), data.getName());
        }
        assertEquals(ResultShape.DATA, results.of(Type.VOID_TYPE).shape());
    }

    @Test
    void jacksonTreesAreDataByName() {
        for (String tree : new String[] {
            "com/fasterxml/jackson/databind/JsonNode",
            "com/fasterxml/jackson/databind/node/ObjectNode",
            "tools/jackson/databind/JsonNode",
            "tools/jackson/databind/node/ArrayNode"
        }) {
            assertEquals(ResultShape.DATA, results.of(Type.getObjectType(tree)).shape(), tree);
        }
    }

    @Test
    void objectTypeVariablesAndUnreadableClassesAreLeftToRunTime() throws Exception {
        assertEquals(ResultShape.UNKNOWN, shapeOf(Object.class));
        assertEquals(
                ResultShape.UNKNOWN,
                results.of(Type.getObjectType("com/acme/NotOnTheClassPath")).shape());
        ResultVerdict get = results.ofCall(call(Box.class, "get", "()Ljava/lang/Object;"));
        assertEquals(ResultShape.UNKNOWN, get.shape());
        assertTrue(get.reason().contains("type variable (T)"), get.reason());
        ResultVerdict raw = results.ofCall(call(Box.class, "raw", "()Ljava/lang/Object;"));
        assertFalse(raw.reason().contains("type variable"), raw.reason());
        assertTrue(get.journalable() && raw.journalable());
    }

    @Test
    void servicesAndAbstractClassesAreRecomputed() {
        assertEquals(ResultShape.SERVICE, shapeOf(Service.class));
        assertEquals(ResultShape.SERVICE, shapeOf(Factory.class), "an accessor that hands out a service");
        assertEquals(ResultShape.DATA, shapeOf(Priced.class), "a contract of plain-data accessors");
        assertEquals(ResultShape.SERVICE, shapeOf(AbstractService.class));
        assertEquals(ResultShape.SERVICE, shapeOf(Mixed.class), "a sealed type with a service among its subclasses");
        assertEquals(ResultShape.SERVICE, shapeOf(ExecutorService.class));
        assertEquals(ResultShape.SERVICE, shapeOf(java.time.Clock.class));
        // an abstract class on JDK 17; since JDK 21 it is also AutoCloseable, a resource: recomputed either way
        assertEquals(
                Runtime.version().feature() >= 21 ? ResultShape.RESOURCE : ResultShape.SERVICE,
                shapeOf(java.net.http.HttpClient.class));
    }

    @Test
    void buildersAreRecomputedByNameOrByBuild() {
        assertEquals(ResultShape.BUILDER, shapeOf(RequestBuilder.class));
        assertEquals(ResultShape.BUILDER, shapeOf(Assembler.class));
        assertEquals(ResultShape.BUILDER, shapeOf(java.net.http.HttpRequest.Builder.class));
        assertTrue(results.isBuilder(Type.getInternalName(Assembler.class)));
        assertFalse(results.isBuilder(Type.getInternalName(StringBuilder.class)), "StringBuilder is text");
        assertEquals(ResultShape.DATA, shapeOf(StringBuilder.class));
    }

    @Test
    void resourcesStreamsFuturesAndFunctionsAreRecomputed() {
        assertEquals(ResultShape.RESOURCE, shapeOf(Session.class));
        assertEquals(ResultShape.RESOURCE, shapeOf(CountingStream.class));
        assertEquals(ResultShape.RESOURCE, shapeOf(BufferedReader.class));
        assertEquals(ResultShape.RESOURCE, shapeOf(java.sql.Connection.class));
        assertEquals(ResultShape.STREAM, shapeOf(Stream.class));
        assertEquals(ResultShape.STREAM, shapeOf(Iterator.class));
        assertEquals(ResultShape.FUTURE, shapeOf(Future.class));
        assertEquals(ResultShape.FUTURE, shapeOf(CompletableFuture.class));
        assertEquals(ResultShape.FUNCTION, shapeOf(Function.class));
        assertEquals(ResultShape.FUNCTION, shapeOf(Runnable.class));
    }

    @Test
    void socketsAndProcessesAreLiveResourcesNoBoundaryCovers() {
        assertEquals(ResultShape.LIVE_RESOURCE, shapeOf(Socket.class));
        assertEquals(ResultShape.LIVE_RESOURCE, shapeOf(TracedSocket.class), "a subclass of Socket");
        assertEquals(ResultShape.LIVE_RESOURCE, shapeOf(Process.class));
        assertEquals(ResultShape.LIVE_RESOURCE, shapeOf(java.nio.channels.SocketChannel.class));
        ResultVerdict array = results.of(Type.getType(Socket[].class));
        assertEquals(ResultShape.LIVE_RESOURCE, array.shape());
        assertEquals("Socket[]", array.type());
    }

    @Test
    void kotlinLazyTypesAreRecomputedByName() {
        assertEquals(
                ResultShape.SEQUENCE,
                results.of(Type.getObjectType("kotlin/sequences/Sequence")).shape());
        assertEquals(
                ResultShape.LAZY, results.of(Type.getObjectType("kotlin/Lazy")).shape());
        assertEquals(
                ResultShape.STREAM,
                results.of(Type.getObjectType("kotlinx/coroutines/flow/Flow")).shape());
        assertEquals(
                ResultShape.FUNCTION,
                results.of(Type.getObjectType("kotlin/jvm/functions/Function1")).shape());
    }

    @Test
    void theReasonNamesTheShapeAndTheType() {
        assertEquals(
                "returns a builder (ResultTypesTest.RequestBuilder)",
                results.of(Type.getType(RequestBuilder.class)).reason());
        assertEquals(
                "returns a resource (ResultTypesTest.Session, a subtype of AutoCloseable)",
                results.of(Type.getType(Session.class)).reason());
        assertEquals("returns nothing", results.of(Type.VOID_TYPE).reason());
    }

    private static MethodInsnNode call(Class<?> owner, String name, String desc) {
        return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Type.getInternalName(owner), name, desc, false);
    }
}
