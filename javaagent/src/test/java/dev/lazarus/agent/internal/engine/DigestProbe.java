package dev.lazarus.agent.internal.engine;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Value graphs whose digests must be the same in every JVM, and a {@code main} that prints them ({@code name=digest}
 * per line) for {@link DigestAcrossJvmsTest} to compare between JDKs. Several of them iterate in an order that changes
 * from one JVM run to the next (hash sets of enums and of objects without {@code hashCode}, {@code Set.of}), so a
 * digest that depended on iteration order or identity would differ even between two runs of one JDK.
 */
final class DigestProbe {
    private DigestProbe() {}

    enum Role {
        SYSTEM,
        USER,
        ASSISTANT,
        TOOL
    }

    /** Identity equality, identity hash code: a hash set of these iterates in a different order every run. */
    static final class Tag {
        final String name;

        Tag(String name) {
            this.name = name;
        }
    }

    record Message(Role role, String content, Optional<String> name, List<Tag> tags) {}

    record Request(String model, List<Message> messages, Map<String, Object> options, Set<Tag> labels) {}

    /** Fields from a superclass, a transient cache, a cycle. */
    static class Entity {
        protected final String id;

        Entity(String id) {
            this.id = id;
        }
    }

    static final class Folder extends Entity {
        Folder parent;
        final List<Folder> children = new ArrayList<>();
        transient String cachedPath;

        Folder(String id) {
            super(id);
        }

        Folder add(String childId) {
            Folder child = new Folder(childId);
            child.parent = this;
            children.add(child);
            return child;
        }
    }

    /** @return the probe values by name, in a fixed order */
    static Map<String, Supplier<Object>> values() {
        Map<String, Supplier<Object>> v = new LinkedHashMap<>();
        v.put("scalars", () -> new Object[] {"a", 1, 2L, 3.5, 4.5f, true, 'c', (short) 6, (byte) 7, Role.USER});
        v.put("request", DigestProbe::request);
        v.put("enum hash set", () -> new HashSet<>(List.of(Role.values())));
        v.put("enum keyed hash map", () -> {
            Map<Role, Integer> m = new HashMap<>();
            for (Role r : Role.values()) {
                m.put(r, r.ordinal());
            }
            return m;
        });
        v.put("identity hash set", () -> {
            Set<Tag> tags = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                tags.add(new Tag("t" + i));
            }
            return tags;
        });
        v.put(
                "Set.of and Map.of",
                () -> List.of(
                        Set.of("a", "b", "c", "d", "e", "f", "g", "h"),
                        Map.of("k1", 1, "k2", 2, "k3", 3, "k4", 4, "k5", 5)));
        v.put(
                "record hash set",
                () -> new HashSet<>(List.of(
                        new Message(Role.USER, "x", Optional.empty(), List.of()),
                        new Message(Role.TOOL, "y", Optional.of("t"), List.of()))));
        v.put("concurrent map", () -> new ConcurrentHashMap<>(Map.of("a", List.of(1), "b", List.of(2, 3))));
        v.put(
                "java.time",
                () -> List.of(
                        Instant.parse("2024-05-01T10:15:30.123Z"),
                        LocalDate.of(2024, 2, 29),
                        ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
                        Duration.ofMinutes(90),
                        ZoneId.of("America/New_York")));
        v.put(
                "jdk values",
                () -> List.of(
                        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                        URI.create("https://example.com/a?b=c#d"),
                        Locale.forLanguageTag("pt-BR"),
                        Currency.getInstance("EUR"),
                        Pattern.compile("a+b", Pattern.CASE_INSENSITIVE),
                        new File("dir/file.txt"),
                        Path.of("dir", "file.txt"),
                        new BigDecimal("12.340"),
                        BitSet.valueOf(new long[] {0b1011}),
                        OptionalInt.of(5),
                        new AtomicLong(42),
                        new StringBuilder("built"),
                        new Date(1_700_000_000_000L),
                        TimeZone.getTimeZone("Asia/Tokyo"),
                        StandardCharsets.UTF_8,
                        InetSocketAddress.createUnresolved("example.com", 443),
                        String.class));
        v.put(
                "jdk objects by their fields",
                () -> List.of(new MathContext(7, RoundingMode.HALF_EVEN), new AtomicIntegerArray(new int[] {1, 2, 3})));
        v.put("other collections", () -> {
            PriorityQueue<Integer> heap = new PriorityQueue<>(Comparator.reverseOrder());
            List.of(5, 1, 4, 2, 3).forEach(heap::add);
            EnumMap<Role, String> byRole = new EnumMap<>(Role.class);
            byRole.put(Role.TOOL, "t");
            byRole.put(Role.USER, "u");
            TreeMap<String, Integer> sorted = new TreeMap<>(Comparator.reverseOrder());
            sorted.putAll(Map.of("x", 1, "y", 2));
            return List.of(
                    heap,
                    byRole,
                    sorted,
                    new ArrayDeque<>(List.of("first", "second")),
                    Collections.unmodifiableList(new ArrayList<>(List.of("u"))),
                    Map.entry("key", "value"),
                    Optional.of(List.of()),
                    new char[] {'h', 'i'},
                    new double[] {0.1, -0.0},
                    new boolean[] {true},
                    new int[][] {{1}, {2, 3}});
        });
        v.put("exception", () -> new IllegalStateException("boom", new IOException("disk on fire")));
        v.put("graph with cycles", () -> {
            Folder root = new Folder("root");
            Folder docs = root.add("docs");
            docs.add("a.txt");
            docs.cachedPath = "/root/docs";
            root.add("tmp");
            return root;
        });
        v.put(
                "things without value",
                () -> List.of(
                        (Supplier<String>) () -> "lambda",
                        kotlin.LazyKt.lazy(() -> "lazy"),
                        Thread.currentThread(),
                        new ReentrantLock(),
                        new kotlin.Pair<>("first", 2)));
        return v;
    }

    private static Request request() {
        List<Tag> shared = List.of(new Tag("important"));
        List<Message> messages = new ArrayList<>();
        messages.add(new Message(Role.SYSTEM, "Answer briefly.", Optional.empty(), List.of()));
        messages.add(new Message(Role.USER, "Où est la gare ? 🚉", Optional.of("ann"), shared));
        messages.add(new Message(Role.ASSISTANT, "À droite.", Optional.empty(), shared));
        Map<String, Object> options = new HashMap<>();
        options.put("temperature", 0.2);
        options.put("max_tokens", 256);
        options.put("stop", List.of("\n\n"));
        options.put("seed", null);
        Set<Tag> labels = new HashSet<>(List.of(new Tag("a"), new Tag("b"), new Tag("c")));
        return new Request("model-1", messages, options, labels);
    }

    /** @return {@code name=digest} for every probe value */
    static List<String> digests() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Supplier<Object>> e : values().entrySet()) {
            lines.add(e.getKey() + "="
                    + ArgumentDigest.of(new Object[] {e.getValue().get()}, 0));
        }
        return lines;
    }

    /**
     * Prints the probe's digests, one {@code name=digest} line each.
     *
     * @param args none
     */
    public static void main(String[] args) {
        digests().forEach(System.out::println);
    }
}
