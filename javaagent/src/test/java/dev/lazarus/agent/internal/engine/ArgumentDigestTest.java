package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lazarus.store.codec.ValueCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentDigestTest {
    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = ArgumentDigestTest.class.getClassLoader();

    enum Color {
        RED,
        GREEN
    }

    record Point(int x, int y) {}

    private static int digest(Object... args) {
        return ArgumentDigest.of(args, 0, CODEC, LOADER);
    }

    @Test
    void equalArgumentsGiveEqualDigestsAndOtherArgumentsOtherDigests() {
        assertEquals(
                digest("plan: x", 3, List.of("a", "b"), Color.RED), digest("plan: x", 3, List.of("a", "b"), Color.RED));
        assertNotEquals(digest("plan: x", 3), digest("plan: y", 3));
        assertNotEquals(digest(3), digest(3L), "the type counts");
        assertNotEquals(digest(List.of("a", "b")), digest(List.of("b", "a")), "order counts");
        assertNotEquals(digest(Color.RED), digest(Color.GREEN));
        assertEquals(digest(new Point(1, 2)), digest(new Point(1, 2)), "other values go through the codec");
        assertNotEquals(digest(new Point(1, 2)), digest(new Point(2, 1)));
    }

    @Test
    void theReceiverIsLeftOut() {
        Object receiverA = new Object();
        Object receiverB = new Object();
        assertEquals(
                ArgumentDigest.of(new Object[] {receiverA, "q"}, 1, CODEC, LOADER),
                ArgumentDigest.of(new Object[] {receiverB, "q"}, 1, CODEC, LOADER));
    }

    @Test
    void directHashesDoNotDependOnTheJvm() {
        // String, Integer and enum-name hash codes are specified by the JDK: this value is the same everywhere.
        assertEquals(digest("a", 1, Color.RED), digest("a", 1, Color.RED));
        assertNotEquals(0, digest("a"));
        assertEquals(0, digest(new Thread()), "not encodable at all: no digest");
    }
}
