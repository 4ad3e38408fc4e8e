package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lazarus.store.codec.ValueCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The digest of a call's arguments: what earlier versions recorded for scalars, lists and arrays is unchanged, the
 * receiver is left out, and arguments past the bounds get no digest (0: replay compares nothing for that call).
 */
class ArgumentDigestTest {
    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = ArgumentDigestTest.class.getClassLoader();

    enum Role {
        USER,
        ASSISTANT
    }

    record Address(String street, String city) {}

    record Person(String name, Address home, Address work) {}

    /** A chain of nodes, possibly pointing back at their parents. */
    static final class Node {
        String label;
        Node parent;
        List<Node> children = new ArrayList<>();

        Node(String label) {
            this.label = label;
        }

        Node add(String childLabel) {
            Node child = new Node(childLabel);
            child.parent = this;
            children.add(child);
            return child;
        }
    }

    private static int digest(Object value) {
        return ArgumentDigest.of(new Object[] {value}, 0);
    }

    @Test
    void valuesPastTheBoundsAreNotDigested() {
        Node deep = new Node("0");
        Node tip = deep;
        for (int i = 1; i <= ValueDigest.MAX_DEPTH; i++) {
            tip = tip.add(Integer.toString(i));
            tip.parent = null;
        }
        assertEquals(0, digest(deep), "deeper than the bound");

        Node shallow = new Node("0");
        Node end = shallow;
        for (int i = 1; i < ValueDigest.MAX_DEPTH / 3; i++) {
            end = end.add(Integer.toString(i));
        }
        assertNotEquals(0, digest(shallow), "within the bound, cycles to every parent included");

        List<Integer> big = new ArrayList<>();
        for (int i = 0; i <= ValueDigest.MAX_NODES; i++) {
            big.add(i);
        }
        assertEquals(0, digest(big), "more values than the bound");
        assertNotEquals(0, digest(big.subList(0, 1000)));

        // Few objects, but many values once unfolded: sharing does not get a value past the bound.
        Object[] level = {"leaf", "leaf"};
        for (int i = 0; i < 20; i++) {
            Address a = new Address("s", null);
            level = new Object[] {new Person(Arrays.toString(new int[] {i}), a, a), level, level};
        }
        assertEquals(0, digest(level));
    }

    @Test
    void scalarsListsAndArraysDigestAsEarlierVersionsRecordedThem() {
        List<Object[]> arguments = List.of(
                new Object[] {},
                new Object[] {null},
                new Object[] {"plan: x", 3, 4L, true, 'c', (short) 5, (byte) 6, 1.5, 2.5f},
                new Object[] {new BigDecimal("1.10"), java.math.BigInteger.TEN, Role.USER},
                new Object[] {List.of("a", "b"), List.of(List.of(1, 2), List.of()), Arrays.asList("x", null)},
                new Object[] {new byte[] {1, 2}, new int[] {3}, new long[] {4}, new String[] {"s", null}},
                new Object[] {new Object[] {1, new Object[] {"nested", List.of(Role.ASSISTANT)}}});
        for (Object[] args : arguments) {
            assertEquals(
                    LegacyArgumentDigest.of(args, 0, CODEC, LOADER),
                    ArgumentDigest.of(args, 0),
                    "the digest earlier versions recorded for " + Arrays.deepToString(args));
        }
        assertNotEquals(
                LegacyArgumentDigest.of(new Object[] {new Address("a", "b")}, 0, CODEC, LOADER),
                ArgumentDigest.of(new Object[] {new Address("a", "b")}, 0),
                "records were digested through the codec's bytes before");
    }

    @Test
    void theReceiverIsLeftOut() {
        assertEquals(
                ArgumentDigest.of(new Object[] {new Object(), "q"}, 1), ArgumentDigest.of(new Object[] {"r", "q"}, 1));
        assertEquals(ArgumentDigest.of(new Object[] {"q"}, 0), ArgumentDigest.of(new Object[] {"r", "q"}, 1));
    }
}
