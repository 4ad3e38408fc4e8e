package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.codec.ValueCodec;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The value digest: equal values digest equally however they were built (shared or copied, filled in another order,
 * decoded from the journal), different values differently, and what carries no value does not count.
 */
class ValueDigestTest {
    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = ValueDigestTest.class.getClassLoader();

    enum Role {
        USER,
        ASSISTANT
    }

    /** An SDK-style "not set" marker: a singleton the live objects share and a decoded copy does not. */
    static final class Missing {
        static final Missing INSTANCE = new Missing();

        private Missing() {}
    }

    record Address(String street, String city) {}

    record Person(String name, Address home, Address work) {}

    record Message(Role role, String content, Object name, Map<String, Object> metadata) {}

    record Request(String model, List<Message> messages, Set<String> tools, Optional<Integer> maxTokens, Object seed) {}

    /** A plain class with a superclass, a transient cache and a static field: none but the instance state counts. */
    static class Base {
        protected String id;
        private static int created;

        Base(String id) {
            this.id = id;
            created++;
        }
    }

    static final class Order extends Base {
        private final List<String> lines;
        private final BigDecimal total;
        private final UUID reference;
        private final Instant at;
        private transient String rendered;

        Order(String id, List<String> lines, BigDecimal total, UUID reference, Instant at) {
            super(id);
            this.lines = lines;
            this.total = total;
            this.reference = reference;
            this.at = at;
        }

        String render() {
            if (rendered == null) {
                rendered = id + lines + total;
            }
            return rendered;
        }
    }

    /** A graph node that may point back at its parent: cycles. */
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

    /** Generated SDK classes cache their hash code in a field, computed by whoever calls hashCode() first. */
    static final class CachingParams {
        private final String query;
        private int hashCode;

        CachingParams(String query) {
            this.query = query;
        }

        @Override
        public int hashCode() {
            if (hashCode == 0) {
                hashCode = query.hashCode();
            }
            return hashCode;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CachingParams p && p.query.equals(query);
        }
    }

    /** Things a request may hold that carry no value. */
    record Handle(
            String id,
            Function<String, String> formatter,
            kotlin.Lazy<String> summary,
            Thread worker,
            ReentrantLock lock,
            Class<?> type) {}

    private static int digest(Object value) {
        return ArgumentDigest.of(new Object[] {value}, 0);
    }

    private static Object decodedCopy(Object value) {
        return CODEC.decode(CODEC.encode(value, LOADER), LOADER);
    }

    private static Request request(Object marker, Message previous) {
        Map<String, Object> meta = new HashMap<>();
        meta.put("trace", "t-1");
        meta.put("tokens", 12);
        List<Message> messages = new ArrayList<>();
        messages.add(new Message(Role.USER, "hello", marker, Map.of()));
        messages.add(previous);
        messages.add(new Message(Role.USER, "and then?", marker, meta));
        return new Request("model-1", messages, new TreeSet<>(List.of("search", "fetch")), Optional.of(512), marker);
    }

    @Test
    void sharedAndCopiedSubObjectsDigestEqually() {
        Address office = new Address("1 Main St", "Springfield");
        Person shared = new Person("Ann", office, office);
        Person copied =
                new Person("Ann", new Address("1 Main St", "Springfield"), new Address("1 Main St", "Springfield"));

        assertSame(shared.home(), shared.work());
        assertEquals(digest(shared), digest(copied));
        assertEquals(
                digest(new Object[] {office, office}),
                digest(new Object[] {office, new Address("1 Main St", "Springfield")}));
        assertNotEquals(digest(shared), digest(new Person("Ann", office, new Address("2 Main St", "Springfield"))));
    }

    @Test
    void aRequestHoldingAReplayedResponseDigestsLikeTheLiveOne() {
        Message answer = new Message(Role.ASSISTANT, "hi, how can I help?", Missing.INSTANCE, Map.of("id", "r-1"));
        Request live = request(Missing.INSTANCE, answer);
        Message replayed = (Message) decodedCopy(answer);
        Request rebuilt = request(Missing.INSTANCE, replayed);

        assertNotSame(Missing.INSTANCE, replayed.name(), "the decoded copy does not share the singleton");
        assertEquals(digest(live), digest(rebuilt));
        assertEquals(digest(live), digest(decodedCopy(live)), "the whole request decoded");
    }

    @Test
    void mapsAndSetsDigestEquallyWhateverOrderTheyWereFilledIn() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("key-" + i);
        }
        List<String> reversed = new ArrayList<>(keys);
        java.util.Collections.reverse(reversed);
        Map<String, Integer> forward = new LinkedHashMap<>();
        keys.forEach(k -> forward.put(k, k.length()));
        Map<String, Integer> backward = new LinkedHashMap<>();
        reversed.forEach(k -> backward.put(k, k.length()));
        Map<String, Integer> small = new HashMap<>(1);
        keys.forEach(k -> small.put(k, k.length()));
        Map<String, Integer> sorted = new TreeMap<>(backward);

        assertNotEquals(List.copyOf(forward.keySet()), List.copyOf(backward.keySet()), "iteration orders differ");
        assertEquals(digest(forward), digest(backward));
        assertEquals(digest(forward), digest(small));
        assertEquals(digest(forward), digest(sorted));
        assertEquals(digest(forward), digest(Map.copyOf(forward)));
        assertEquals(digest(new LinkedHashSet<>(keys)), digest(new LinkedHashSet<>(reversed)));
        assertEquals(digest(new HashSet<>(keys)), digest(Set.copyOf(reversed)));

        Map<String, Integer> changed = new LinkedHashMap<>(forward);
        changed.put("key-7", 99);
        assertNotEquals(digest(forward), digest(changed), "a value changed");
        Map<String, Integer> swapped = new LinkedHashMap<>(forward);
        swapped.put("key-1", forward.get("key-10"));
        swapped.put("key-10", forward.get("key-1"));
        assertNotEquals(digest(forward), digest(swapped), "values moved to other keys");
        assertNotEquals(digest(new HashSet<>(keys)), digest(new HashSet<>(keys.subList(1, keys.size()))));
        assertNotEquals(digest(keys), digest(reversed), "lists keep their order");
        assertNotEquals(digest(new HashSet<>(keys)), digest(keys), "a set is not a list");
    }

    @Test
    void aDecodedCopyOfAnObjectGraphDigestsLikeTheOriginal() {
        Order order = new Order(
                "o-1",
                List.of("2 apples", "1 pear"),
                new BigDecimal("3.50"),
                UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                Instant.parse("2024-05-01T10:15:30Z"));
        order.render(); // the transient cache is filled in the original only
        Node root = new Node("root");
        root.add("a").add("a1");
        root.add("b");
        Object[] graph = {order, root, Role.USER, new byte[] {1, 2, 3}, new double[] {0.5}, URI.create("https://x/y")};

        Object[] copy = (Object[]) decodedCopy(graph);

        assertNotSame(graph[0], copy[0]);
        assertEquals(digest(graph), digest(copy));
        assertEquals(digest(order), digest(copy[0]));
        assertEquals(digest(root), digest(copy[1]), "a graph with cycles and its decoded copy agree");
    }

    @Test
    void differentValuesDigestDifferently() {
        Message answer = new Message(Role.ASSISTANT, "hi", Missing.INSTANCE, Map.of("id", "r-1"));
        Request base = request(Missing.INSTANCE, answer);
        List<UnaryOperator<Request>> changes = List.of(
                r -> new Request("model-2", r.messages(), r.tools(), r.maxTokens(), r.seed()),
                r -> new Request(r.model(), r.messages().subList(0, 2), r.tools(), r.maxTokens(), r.seed()),
                r -> new Request(r.model(), r.messages(), Set.of("search"), r.maxTokens(), r.seed()),
                r -> new Request(r.model(), r.messages(), r.tools(), Optional.empty(), r.seed()),
                r -> new Request(r.model(), r.messages(), r.tools(), Optional.of(513), r.seed()),
                r -> new Request(r.model(), r.messages(), r.tools(), r.maxTokens(), null),
                r -> new Request(r.model(), r.messages(), r.tools(), r.maxTokens(), 42),
                r -> request(Missing.INSTANCE, new Message(Role.USER, "hi", Missing.INSTANCE, Map.of("id", "r-1"))),
                r -> request(
                        Missing.INSTANCE, new Message(Role.ASSISTANT, "hi!", Missing.INSTANCE, Map.of("id", "r-1"))),
                r -> request(Missing.INSTANCE, new Message(Role.ASSISTANT, "hi", "bob", Map.of("id", "r-1"))),
                r -> request(
                        Missing.INSTANCE, new Message(Role.ASSISTANT, "hi", Missing.INSTANCE, Map.of("id", "r-2"))),
                r -> request(Missing.INSTANCE, new Message(Role.ASSISTANT, "hi", Missing.INSTANCE, Map.of())));
        Set<Integer> digests = new HashSet<>();
        digests.add(digest(base));
        for (UnaryOperator<Request> change : changes) {
            assertTrue(digests.add(digest(change.apply(base))), "every change gives a digest of its own");
        }
        assertNotEquals(digest(new Address("a", "b")), digest(new Address("b", "a")), "fields are told apart");
        assertNotEquals(digest(new Object[] {1, 2}), digest(new Object[] {2, 1}));
        assertNotEquals(digest(3), digest(3L), "the type counts");
    }

    @Test
    void whatCarriesNoValueDoesNotCount() {
        kotlin.Lazy<String> computed = kotlin.LazyKt.lazy(() -> "summary");
        computed.getValue();
        kotlin.Lazy<String> pending = kotlin.LazyKt.lazy(() -> "another summary, never computed");
        ReentrantLock held = new ReentrantLock();
        held.lock();
        try {
            Handle live = new Handle("h", s -> s + "!", computed, Thread.currentThread(), held, String.class);
            Handle other =
                    new Handle("h", String::trim, pending, new Thread(() -> {}), new ReentrantLock(), String.class);

            assertEquals(digest(live), digest(other));
            assertNotEquals(digest(live), digest(new Handle("g", s -> s, computed, null, held, String.class)));
            assertNotEquals(
                    digest(live),
                    digest(new Handle("h", s -> s, computed, null, held, Integer.class)),
                    "classes count, by name");
            Runnable lambda = () -> {};
            Runnable another = () -> {};
            assertEquals(
                    digest(List.of(lambda.getClass())), digest(List.of(another.getClass())), "a lambda's class too");
        } finally {
            held.unlock();
        }
        CachingParams hashed = new CachingParams("q");
        assertNotEquals(0, hashed.hashCode());
        assertEquals(digest(new CachingParams("q")), digest(hashed), "a cached hash code is not part of the value");
        assertNotEquals(digest(new CachingParams("q")), digest(new CachingParams("r")));
    }
}
