package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.kryo5.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.kryo5.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Collection, map and array serializers: Kryo's, with lengths bounded on read (see {@link BoundedInput}), element
 * positions added to failure paths ({@code Order.lines[].socket}), and JDK wrapper and view classes written as
 * snapshots.
 */
final class CollectionSerializers {

    private CollectionSerializers() {}

    /** Adds a {@code []} step to the field path of a failure inside a container. */
    private static KryoException traced(KryoException e, Class<?> container) {
        e.addTrace("[] (" + (container == null ? "?" : container.getName()) + ")");
        return e;
    }

    /**
     * Hash-ordered collections iterate in an order that depends on identity hash codes (enums) or on a per-JVM salt
     * ({@code Set.of}, {@code Map.of}): equal values would encode differently in another process, and their
     * {@link ValueCodec#digest digest}, an implicit execution key, would change across a restart. Elements of one
     * {@link Comparable} class are therefore written in their natural order. Anything else keeps its iteration order.
     */
    static List<Object> canonicalOrder(Collection<?> elements) {
        List<Object> list = new ArrayList<>(elements);
        sortIfComparable(list, Function.identity());
        return list;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> void sortIfComparable(List<T> list, Function<T, Object> key) {
        if (list.size() < 2) {
            return;
        }
        Object first = key.apply(list.get(0));
        if (!(first instanceof Comparable)) {
            return;
        }
        Class<?> type = first.getClass();
        for (T element : list) {
            Object k = key.apply(element);
            if (k == null || k.getClass() != type) {
                return;
            }
        }
        try {
            list.sort((a, b) -> ((Comparable) key.apply(a)).compareTo(key.apply(b)));
        } catch (RuntimeException e) {
            // an inconsistent compareTo: keep the iteration order
        }
    }

    static Map<Object, Object> canonicalOrder(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        sortIfComparable(entries, Map.Entry::getKey);
        Map<Object, Object> ordered = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries) {
            ordered.put(e.getKey(), e.getValue());
        }
        return ordered;
    }

    private static boolean hashOrdered(Object o) {
        Class<?> c = o.getClass();
        return c == HashSet.class || c == HashMap.class || c == ConcurrentHashMap.class;
    }

    /** Kryo's collection serializer, bounded on read, canonically ordered for hash sets, traced. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class Bounded extends CollectionSerializer<Collection> {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
            return super.create(kryo, input, type, BoundedInput.collectionCapacity(input, size));
        }

        @Override
        public void write(Kryo kryo, Output output, Collection collection) {
            try {
                // The format does not depend on the collection's class (Kryo wrote that already), so a sorted copy will
                // do.
                super.write(
                        kryo,
                        output,
                        hashOrdered(collection) && collection.size() > 1 ? canonicalOrder(collection) : collection);
            } catch (KryoException e) {
                throw traced(e, collection.getClass());
            }
        }

        @Override
        public Collection read(Kryo kryo, Input input, Class<? extends Collection> type) {
            try {
                return super.read(kryo, input, type);
            } catch (KryoException e) {
                throw traced(e, type);
            }
        }
    }

    /** Kryo's map serializer, bounded on read, canonically ordered for hash maps, traced. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class BoundedMap extends MapSerializer<Map> {
        @Override
        protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
            return super.create(kryo, input, type, BoundedInput.collectionCapacity(input, size));
        }

        @Override
        public void write(Kryo kryo, Output output, Map map) {
            try {
                super.write(kryo, output, hashOrdered(map) && map.size() > 1 ? canonicalOrder(map) : map);
            } catch (KryoException e) {
                throw traced(e, map.getClass());
            }
        }

        @Override
        public Map read(Kryo kryo, Input input, Class<? extends Map> type) {
            try {
                return super.read(kryo, input, type);
            } catch (KryoException e) {
                throw traced(e, type);
            }
        }
    }

    /** Kryo's priority queue serializer, whose capacity comes from the declared size. */
    @SuppressWarnings("rawtypes")
    static final class BoundedPriorityQueue extends DefaultSerializers.PriorityQueueSerializer {
        @Override
        protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
            return super.create(kryo, input, type, BoundedInput.collectionCapacity(input, size));
        }
    }

    /** Object arrays are allocated at their declared length: check it first. */
    static final class BoundedObjectArray extends DefaultArraySerializers.ObjectArraySerializer {
        BoundedObjectArray(Kryo kryo, Class<?> type) {
            super(kryo, type);
        }

        @Override
        public void write(Kryo kryo, Output output, Object[] array) {
            try {
                super.write(kryo, output, array);
            } catch (KryoException e) {
                throw traced(e, array.getClass());
            }
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkArrayPrefix(input, 1);
            try {
                return super.read(kryo, input, type);
            } catch (KryoException e) {
                throw traced(e, type);
            }
        }
    }

    /** {@code String[]}: as {@link BoundedObjectArray}. */
    static final class BoundedStringArray extends DefaultArraySerializers.StringArraySerializer {
        @Override
        public String[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkArrayPrefix(input, 1);
            return super.read(kryo, input, type);
        }
    }

    /** {@code boolean[]} is read element by element, not through {@link Input#readBooleans}: check here. */
    static final class BoundedBooleanArray extends DefaultArraySerializers.BooleanArraySerializer {
        @Override
        public boolean[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkArrayPrefix(input, 1);
            return super.read(kryo, input, type);
        }
    }

    /**
     * Writes a JDK wrapper, immutable or view collection as a snapshot of its content in a plain collection, and
     * rebuilds the same kind of wrapper around it.
     *
     * <p>Why: these classes hold their content in fields private to {@code java.util} ({@code List.of},
     * {@code Collections.unmodifiableList}, {@code Arrays.asList}), or refer to an outer collection
     * ({@code map.keySet()}, {@code list.subList()}), so Kryo's collection serializer cannot recreate them (no usable
     * constructor, {@code add} unsupported) and its field serializer depends on JDK internals. The content goes
     * through Kryo as an ordinary {@code ArrayList}, {@code LinkedHashMap}, {@code TreeSet}..., which keeps sorted
     * collections' comparators.
     *
     * <p>Known limit: the wrapper is registered as a reference only once it is rebuilt, so an element that refers back
     * to the wrapper itself (only possible through a mutable element) reads that reference as {@code null}.
     */
    static final class Snapshot extends Serializer<Object> {
        private final Function<Object, Object> content;
        private final Function<Object, Object> rebuild;

        Snapshot(Function<Object, Object> content, Function<Object, Object> rebuild) {
            super(false, true);
            this.content = content;
            this.rebuild = rebuild;
        }

        @Override
        public void write(Kryo kryo, Output output, Object wrapper) {
            try {
                kryo.writeClassAndObject(output, content.apply(wrapper));
            } catch (KryoException e) {
                throw traced(e, wrapper.getClass());
            }
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            Object inner;
            try {
                inner = kryo.readClassAndObject(input);
            } catch (KryoException e) {
                throw traced(e, type);
            }
            if (inner == null) {
                throw CodecFailure.corrupt("a " + type.getName() + " without content");
            }
            try {
                return rebuild.apply(inner);
            } catch (ClassCastException e) {
                throw CodecFailure.corrupt("a " + type.getName() + " with content of class "
                        + inner.getClass().getName());
            }
        }
    }

    /** One class of wrapper and how to snapshot and rebuild it. */
    record SnapshotKind(Class<?> type, Snapshot serializer) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SnapshotKind kind(
            Object sample, Function<Object, Object> content, Function<Object, Object> rebuild) {
        return new SnapshotKind(sample.getClass(), new Snapshot(content, rebuild));
    }

    /** The wrapper classes of the JDK with their snapshot serializers; each applies to its exact class only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<SnapshotKind> snapshotKinds() {
        List<SnapshotKind> kinds = new ArrayList<>();
        Function<Object, Object> toList = c -> new ArrayList<>((Collection) c);
        Function<Object, Object> toSortedList = c -> canonicalOrder((Collection) c);
        Function<Object, Object> toLinkedList = c -> new LinkedList<>((Collection) c);
        Function<Object, Object> toLinkedSet = c -> new LinkedHashSet<>((Collection) c);
        Function<Object, Object> toTreeSet = c -> new TreeSet<>((SortedSet) c);
        Function<Object, Object> toLinkedMap = m -> new LinkedHashMap<>((Map) m);
        Function<Object, Object> toSortedMap = m -> canonicalOrder((Map) m);
        Function<Object, Object> toTreeMap = m -> new TreeMap<>((SortedMap) m);

        // List.of, Set.of, Map.of and Stream.toList (whose lists may hold nulls, which List.copyOf refuses)
        Function<Object, Object> immutableList =
                l -> ((List) l).contains(null) ? Collections.unmodifiableList((List) l) : List.copyOf((List) l);
        kinds.add(kind(List.of(), toList, immutableList));
        kinds.add(kind(List.of(1), toList, immutableList));
        kinds.add(kind(List.of(1, 2, 3).subList(0, 1), toList, immutableList));
        kinds.add(kind(Set.of(), toSortedList, l -> Set.copyOf((List) l)));
        kinds.add(kind(Set.of(1), toSortedList, l -> Set.copyOf((List) l)));
        kinds.add(kind(Map.of(), toSortedMap, m -> Map.copyOf((Map) m)));
        kinds.add(kind(Map.of(1, 1), toSortedMap, m -> Map.copyOf((Map) m)));
        kinds.add(kind(Arrays.asList(1), toList, l -> Arrays.asList(((List) l).toArray())));

        // Collections.unmodifiable* and synchronized*, wrapped again around a copy of the same kind of content
        for (boolean sync : new boolean[] {false, true}) {
            Function<Object, Object> collection = c -> sync
                    ? Collections.synchronizedCollection((Collection) c)
                    : Collections.unmodifiableCollection((Collection) c);
            Function<Object, Object> list =
                    c -> sync ? Collections.synchronizedList((List) c) : Collections.unmodifiableList((List) c);
            Function<Object, Object> set =
                    c -> sync ? Collections.synchronizedSet((Set) c) : Collections.unmodifiableSet((Set) c);
            Function<Object, Object> sortedSet = c -> sync
                    ? Collections.synchronizedSortedSet((SortedSet) c)
                    : Collections.unmodifiableSortedSet((SortedSet) c);
            Function<Object, Object> navigableSet = c -> sync
                    ? Collections.synchronizedNavigableSet((NavigableSet) c)
                    : Collections.unmodifiableNavigableSet((NavigableSet) c);
            Function<Object, Object> map =
                    m -> sync ? Collections.synchronizedMap((Map) m) : Collections.unmodifiableMap((Map) m);
            Function<Object, Object> sortedMap = m -> sync
                    ? Collections.synchronizedSortedMap((SortedMap) m)
                    : Collections.unmodifiableSortedMap((SortedMap) m);
            Function<Object, Object> navigableMap = m -> sync
                    ? Collections.synchronizedNavigableMap((NavigableMap) m)
                    : Collections.unmodifiableNavigableMap((NavigableMap) m);

            kinds.add(kind(collection.apply(new ArrayList<>()), toList, collection));
            kinds.add(kind(list.apply(new ArrayList<>()), toList, list));
            kinds.add(kind(list.apply(new LinkedList<>()), toLinkedList, list));
            kinds.add(kind(set.apply(new HashSet<>()), toLinkedSet, set));
            kinds.add(kind(sortedSet.apply(new TreeSet<>()), toTreeSet, sortedSet));
            kinds.add(kind(navigableSet.apply(new TreeSet<>()), toTreeSet, navigableSet));
            kinds.add(kind(map.apply(new HashMap<>()), toLinkedMap, map));
            kinds.add(kind(sortedMap.apply(new TreeMap<>()), toTreeMap, sortedMap));
            kinds.add(kind(navigableMap.apply(new TreeMap<>()), toTreeMap, navigableMap));
        }
        return kinds;
    }

    /**
     * For a JDK collection class that is not public API (a view such as {@code map.keySet()} or
     * {@code list.subList()}, a checked wrapper...), a snapshot rebuilt as the closest plain collection: views have
     * no meaning without their owner, which is not journaled with them.
     *
     * @return the serializer, or {@code null} if the type is not such a class
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Serializer<?> viewSnapshot(Class<?> type) {
        String name = type.getName();
        if (!(name.startsWith("java.")
                        || name.startsWith("javax.")
                        || name.startsWith("jdk.")
                        || name.startsWith("sun."))
                || java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
            return null;
        }
        Function<Object, Object> same = Function.identity();
        if (SortedMap.class.isAssignableFrom(type)) {
            return new Snapshot(m -> new TreeMap<>((SortedMap) m), same);
        }
        if (Map.class.isAssignableFrom(type)) {
            return new Snapshot(m -> new LinkedHashMap<>((Map) m), same);
        }
        if (SortedSet.class.isAssignableFrom(type)) {
            return new Snapshot(c -> new TreeSet<>((SortedSet) c), same);
        }
        if (Set.class.isAssignableFrom(type)) {
            return new Snapshot(c -> new LinkedHashSet<>((Collection) c), same);
        }
        if (Deque.class.isAssignableFrom(type) || Queue.class.isAssignableFrom(type)) {
            return new Snapshot(c -> new LinkedList<>((Collection) c), same);
        }
        if (Collection.class.isAssignableFrom(type)) {
            // RandomAccess or not, an ArrayList serves any List or Collection field
            return new Snapshot(c -> new ArrayList<>((Collection) c), same);
        }
        return null;
    }
}
