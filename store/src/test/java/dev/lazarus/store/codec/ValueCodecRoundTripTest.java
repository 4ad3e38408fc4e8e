package dev.lazarus.store.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Values go in and come back equal, of the same class where the class is API, on this JVM (run on 17 and 25). */
class ValueCodecRoundTripTest {

    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader LOADER = ValueCodecRoundTripTest.class.getClassLoader();

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        byte[] bytes = CODEC.encode(value, LOADER);
        return (T) CODEC.decode(bytes, LOADER);
    }

    static void assertRoundTrip(Object value) {
        Object back = roundTrip(value);
        assertEquals(value, back, () -> "round trip of " + value.getClass().getName());
        assertSame(
                value.getClass(),
                back.getClass(),
                () -> "class of " + value.getClass().getName());
    }

    // --- plain values

    @Test
    void nullAndBoxesAndStrings() {
        assertNull(roundTrip(null));
        for (Object v : new Object[] {
            1,
            -7L,
            3.5d,
            2.5f,
            (short) 3,
            (byte) -1,
            'x',
            true,
            "",
            "héllo wörld ✓",
            BigInteger.TEN.pow(40),
            new BigDecimal("-12345.678900"),
            new StringBuilder("sb").toString()
        }) {
            assertRoundTrip(v);
        }
        // scale is part of BigDecimal equality: 1.0 is not 1.00
        assertEquals(2, roundTrip(new BigDecimal("1.00")).scale());
    }

    @Test
    void primitiveAndObjectArrays() {
        assertArrayEquals(new byte[] {1, 2, 3}, roundTrip(new byte[] {1, 2, 3}));
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE}, roundTrip(new int[] {1, -2, Integer.MAX_VALUE}));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 0}, roundTrip(new long[] {Long.MIN_VALUE, 0}));
        assertArrayEquals(new double[] {1.5, Double.NaN}, roundTrip(new double[] {1.5, Double.NaN}));
        assertArrayEquals(new boolean[] {true, false, true}, roundTrip(new boolean[] {true, false, true}));
        assertArrayEquals(new char[] {'a', 'é'}, roundTrip(new char[] {'a', 'é'}));
        assertArrayEquals(new String[] {"a", null, "c"}, roundTrip(new String[] {"a", null, "c"}));
        Object[] objects = roundTrip(new Object[] {1, "two", null, List.of(3)});
        assertArrayEquals(new Object[] {1, "two", null, List.of(3)}, objects);
        assertArrayEquals(new Integer[][] {{1, 2}, {3}}, roundTrip(new Integer[][] {{1, 2}, {3}}));
    }

    @Test
    void jdk17CommonTypes() {
        for (Object v : List.of(
                UUID.randomUUID(),
                URI.create("https://example.com/a?b=c#d"),
                Optional.of("x"),
                Optional.empty(),
                OptionalInt.of(3),
                Locale.CANADA_FRENCH,
                Currency.getInstance("EUR"),
                new BitSet(),
                BitSet.valueOf(new long[] {5, 7}),
                new File("relative/file.txt"),
                new Timestamp(1_700_000_000_123L))) {
            assertRoundTrip(v);
        }
        Timestamp nanos = new Timestamp(1_700_000_000_000L);
        nanos.setNanos(123_456_789);
        assertEquals(123_456_789, roundTrip(nanos).getNanos());
    }

    @Test
    void urlsAndAddresses() throws Exception {
        URL url = new URL("https://example.com:8443/path");
        assertEquals(url.toExternalForm(), roundTrip(url).toExternalForm());
        InetSocketAddress unresolved = InetSocketAddress.createUnresolved("db.internal.example", 5432);
        InetSocketAddress back = roundTrip(unresolved);
        assertTrue(back.isUnresolved());
        assertEquals("db.internal.example", back.getHostString());
        assertEquals(5432, back.getPort());
        InetAddress named = InetAddress.getByAddress("gateway", new byte[] {10, 0, 0, 1});
        InetAddress addressBack = roundTrip(named);
        assertEquals(named, addressBack);
        assertEquals("gateway/10.0.0.1", addressBack.toString());
        InetSocketAddress resolved = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 80);
        assertEquals(resolved, roundTrip(resolved));
    }

    @Test
    void patternsAndAtomics() {
        Pattern pattern = roundTrip(Pattern.compile("a+b", Pattern.CASE_INSENSITIVE));
        assertEquals("a+b", pattern.pattern());
        assertEquals(Pattern.CASE_INSENSITIVE, pattern.flags());
        assertTrue(pattern.matcher("AAB").matches());
        assertEquals(5, roundTrip(new AtomicInteger(5)).get());
        assertEquals(-5L, roundTrip(new AtomicLong(-5)).get());
        assertTrue(roundTrip(new AtomicBoolean(true)).get());
        assertEquals(
                List.of("r"), roundTrip(new AtomicReference<>(List.of("r"))).get());
        LongAdder adder = new LongAdder();
        adder.add(40);
        adder.add(2);
        assertEquals(42, roundTrip(adder).sum());
    }

    @Test
    void javaTime() {
        for (Object v : List.of(
                Instant.ofEpochSecond(1_700_000_000L, 123),
                LocalDate.of(2024, 2, 29),
                LocalTime.NOON,
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6),
                ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")),
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-5)),
                Duration.ofMillis(1500),
                Period.of(1, 2, 3),
                Year.of(2024),
                YearMonth.of(2024, 5),
                MonthDay.of(12, 24),
                ZoneId.of("America/New_York"),
                ZoneOffset.UTC)) {
            assertEquals(v, roundTrip(v), v.getClass().getName());
        }
    }

    @Test
    void paths() {
        Path relative = Path.of("data", "in.csv");
        Path back = roundTrip(relative);
        assertEquals(relative, back);
        assertTrue(!back.isAbsolute());
        Path absolute = Path.of("/tmp/lazarus/x");
        assertEquals(absolute, roundTrip(absolute));
        // inside other values too, including as the element class of a same-type collection
        assertEquals(List.of(relative, absolute), roundTrip(new ArrayList<>(List.of(relative, absolute))));
        assertEquals(new Holder(relative), roundTrip(new Holder(relative)));
    }

    record Holder(Object value) {}

    // --- collections

    @Test
    void immutableCollections() {
        for (Object v : List.of(
                List.of(),
                List.of(1),
                List.of(1, 2),
                List.of(1, 2, 3, 4),
                List.of(1, 2, 3).subList(1, 3),
                Set.of(),
                Set.of("a"),
                Set.of("a", "b", "c"),
                Map.of(),
                Map.of("k", 1),
                Map.of("a", 1, "b", 2, "c", 3))) {
            Object back = roundTrip(v);
            assertEquals(v, back);
            assertThrows(UnsupportedOperationException.class, () -> mutate(back), "still immutable: " + v.getClass());
        }
        // Stream.toList() may hold nulls, which List.of refuses
        List<String> withNull = Stream.of("a", null, "c").toList();
        List<String> back = roundTrip(withNull);
        assertEquals(withNull, back);
        assertThrows(UnsupportedOperationException.class, () -> back.add("d"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void mutate(Object collection) {
        if (collection instanceof Map) {
            ((Map) collection).put("new", 0);
        } else {
            ((java.util.Collection) collection).add(0);
        }
    }

    @Test
    void jdkWrappersAndViews() {
        List<Integer> asList = roundTrip(Arrays.asList(3, 1, 2));
        assertEquals(List.of(3, 1, 2), asList);
        asList.set(0, 9); // Arrays.asList is writable in place
        assertEquals(Arrays.asList(1, 2).getClass(), asList.getClass());

        List<String> unmodifiable = roundTrip(Collections.unmodifiableList(new ArrayList<>(List.of("x", "y"))));
        assertEquals(List.of("x", "y"), unmodifiable);
        assertThrows(UnsupportedOperationException.class, () -> unmodifiable.add("z"));
        assertEquals(Collections.unmodifiableList(new ArrayList<>()).getClass(), unmodifiable.getClass());

        Map<String, Integer> unmodifiableMap =
                roundTrip(Collections.unmodifiableMap(new LinkedHashMap<>(Map.of("a", 1))));
        assertEquals(Map.of("a", 1), unmodifiableMap);
        assertThrows(UnsupportedOperationException.class, () -> unmodifiableMap.put("b", 2));

        TreeSet<String> caseless = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        caseless.addAll(List.of("b", "A", "c"));
        java.util.SortedSet<String> sorted = roundTrip(Collections.unmodifiableSortedSet(caseless));
        assertEquals(List.of("A", "b", "c"), new ArrayList<>(sorted));
        assertTrue(sorted.contains("B"), "the comparator came back");

        List<Integer> sync = roundTrip(Collections.synchronizedList(new ArrayList<>(List.of(1, 2))));
        sync.add(3);
        assertEquals(List.of(1, 2, 3), sync);

        Map<String, Integer> source = new HashMap<>(Map.of("a", 1, "b", 2));
        assertEquals(source.keySet(), roundTrip(source.keySet()));
        assertEquals(
                new ArrayList<>(source.values()).size(),
                roundTrip(source.values()).size());
        assertEquals(List.of(2, 3), roundTrip(new ArrayList<>(List.of(1, 2, 3, 4)).subList(1, 3)));

        assertRoundTrip(Collections.emptyList());
        assertRoundTrip(Collections.singletonList("one"));
        assertRoundTrip(Collections.singletonMap("k", "v"));
    }

    enum Color {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green!";
            }
        },
        BLUE
    }

    @Test
    void mutableCollectionsKeepClassAndOrder() {
        LinkedHashMap<String, Integer> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", 2);
        ordered.put("m", null);
        LinkedHashMap<String, Integer> back = roundTrip(ordered);
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(back.keySet()));
        assertRoundTrip(ordered);
        assertRoundTrip(new HashMap<>(Map.of("a", 1, "b", 2)));
        assertRoundTrip(new TreeMap<>(Map.of("b", 1, "a", 2)));
        assertRoundTrip(new ConcurrentHashMap<>(Map.of("x", List.of(1))));
        assertRoundTrip(new LinkedList<>(List.of(1, 2)));
        assertRoundTrip(new CopyOnWriteArrayList<>(List.of("c")));
        assertEquals(List.of(1, 2, 3), new ArrayList<>(roundTrip(new ArrayDeque<>(List.of(1, 2, 3)))));
        PriorityQueue<Integer> queue = roundTrip(new PriorityQueue<>(List.of(5, 1, 3)));
        assertEquals(1, queue.poll());
        assertRoundTrip(EnumSet.of(Color.RED, Color.GREEN));
        assertRoundTrip(EnumSet.noneOf(Color.class));
        EnumMap<Color, String> enumMap = new EnumMap<>(Color.class);
        enumMap.put(Color.BLUE, "b");
        assertRoundTrip(enumMap);
        EnumMap<Color, String> emptyEnumMap = roundTrip(new EnumMap<>(Color.class));
        emptyEnumMap.put(Color.RED, "works: the key type came back");
        Map<String, Object> nullValues = new HashMap<>();
        nullValues.put("k", null);
        nullValues.put(null, "v");
        assertRoundTrip(nullValues);
        List<Object> nulls = new ArrayList<>(Collections.nCopies(1000, null));
        assertRoundTrip(nulls);
    }

    @Test
    void enumsByName() {
        assertSame(Color.GREEN, roundTrip(Color.GREEN));
        assertSame(Color.BLUE, roundTrip(Color.BLUE));
        assertEquals(List.of(Color.GREEN, Color.RED), roundTrip(List.of(Color.GREEN, Color.RED)));
    }

    // --- user classes

    /** No no-arg constructor, final fields: instantiated without a constructor. */
    static final class Money {
        static int constructed;
        final BigDecimal amount;
        final Currency currency;

        Money(BigDecimal amount, Currency currency) {
            this.amount = amount;
            this.currency = currency;
            constructed++;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Money m && m.amount.equals(amount) && m.currency.equals(currency);
        }

        @Override
        public int hashCode() {
            return amount.hashCode();
        }
    }

    record Line(String sku, int quantity, Money price) {}

    record Order(
            String id, List<Line> lines, Map<String, List<Set<Integer>>> tags, Optional<Instant> paidAt, Color color) {}

    @Test
    void pojoWithoutNoArgConstructorRecordAndNestedGenerics() {
        Money price = new Money(new BigDecimal("9.99"), Currency.getInstance("USD"));
        int before = Money.constructed;
        Order order = new Order(
                "o-1",
                List.of(new Line("A", 2, price), new Line("B", 1, price)),
                Map.of("k", List.of(Set.of(1, 2), Set.of())),
                Optional.of(Instant.EPOCH),
                Color.GREEN);
        Order back = roundTrip(order);
        assertEquals(order, back);
        assertEquals(before, Money.constructed, "rebuilt without running the constructor");
        assertSame(back.lines().get(0).price(), back.lines().get(1).price(), "a shared object stays shared");
    }

    static final class Node {
        String name;
        Node next;
        List<Node> peers = new ArrayList<>();

        Node(String name) {
            this.name = name;
        }
    }

    @Test
    void cyclesAndSharedReferences() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        a.peers.add(a);
        a.peers.add(b);
        Node back = roundTrip(a);
        assertEquals("a", back.name);
        assertEquals("b", back.next.name);
        assertSame(back, back.next.next);
        assertSame(back, back.peers.get(0));
        assertSame(back.next, back.peers.get(1));

        List<Object> selfContaining = new ArrayList<>();
        selfContaining.add(selfContaining);
        List<?> list = roundTrip(selfContaining);
        assertSame(list, list.get(0));
    }

    static class Base {
        protected String inherited = "base";
        transient String notJournaled = "t";
    }

    static class Derived extends Base {
        Map<String, List<Integer>> generic = new TreeMap<>(Map.of("x", List.of(1)));
    }

    @Test
    void inheritanceAndTransientFields() {
        Derived d = new Derived();
        d.inherited = "changed";
        d.notJournaled = "changed too";
        Derived back = roundTrip(d);
        assertEquals("changed", back.inherited);
        assertEquals(Map.of("x", List.of(1)), back.generic);
        // Derived has a no-arg constructor, which Kryo runs: the transient field has its initial value, not the changed
        // one
        assertEquals("t", back.notJournaled, "transient fields are not journaled");
    }

    @Test
    void serializableLambdas() {
        Function<Integer, Integer> plusOne = (Function<Integer, Integer> & Serializable) x -> x + 1;
        assertEquals(42, roundTrip(plusOne).apply(41));
        int captured = 10;
        Function<Integer, Integer> capturing = (Function<Integer, Integer> & Serializable) x -> x * captured;
        assertEquals(30, roundTrip(capturing).apply(3));
    }

    @Test
    void classValuesAreNotConfusedWithStandIns() {
        assertSame(IllegalStateException.class, roundTrip(IllegalStateException.class));
        assertSame(Path.class, roundTrip(Path.class));
        assertSame(int.class, roundTrip(int.class));
        assertSame(Integer.class, roundTrip(Integer.class));
    }

    @Test
    void throwableInsideValues() {
        IllegalStateException failure = new IllegalStateException("inside");
        List<Object> list = roundTrip(new ArrayList<>(List.of(failure, new IllegalStateException("second"))));
        assertEquals(IllegalStateException.class, list.get(0).getClass());
        assertEquals("second", ((Throwable) list.get(1)).getMessage());
        Holder holder = roundTrip(new Holder(failure));
        assertEquals("inside", ((Throwable) holder.value()).getMessage());
        Map<String, Throwable> map = roundTrip(Map.of("e", failure));
        assertArrayEquals(failure.getStackTrace(), map.get("e").getStackTrace());
    }

    @Test
    void largeValues() {
        byte[] big = new byte[3 << 20];
        Arrays.fill(big, (byte) 7);
        assertArrayEquals(big, roundTrip(big));
        List<String> many = Stream.iterate(0, i -> i + 1)
                .limit(20_000)
                .map(i -> "item-" + i)
                .collect(Collectors.toList());
        assertEquals(many, roundTrip(many));
        assertNotSame(many, roundTrip(many));
    }
}
