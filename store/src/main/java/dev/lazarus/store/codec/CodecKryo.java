package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.SerializerFactory;
import com.esotericsoftware.kryo.kryo5.objenesis.strategy.StdInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.kryo5.serializers.MapSerializer;
import com.esotericsoftware.kryo.kryo5.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.util.MapReferenceResolver;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The Kryo configuration of the journal. One instance serves one call at a time (Kryo is not thread-safe);
 * {@link ValueCodec} pools them.
 *
 * <p>Configuration, and why: references on, for shared objects and cycles such as exception
 * cause chains; registration not required, since we cannot know the application's classes in advance; instantiation
 * through a no-argument constructor when there is one, else without a constructor (Objenesis), since plain data
 * classes often have none; the application's class loader, set per call.
 *
 * <p>Serializers are chosen in this order (first match wins): the deny-list (values that are not data fail),
 * ours for the types where Kryo's defaults lose data, depend on JDK internals or are missing (throwables, paths,
 * enums by name, JDK collection wrappers, EnumMap, {@code UUID}/{@code URI}/{@code Pattern}/atomics, which Kryo 5.4+
 * ships but does not register), then Kryo's built-ins with length-bounded replacements, and finally a field
 * serializer that checks the class's shape.
 */
final class CodecKryo extends Kryo {

    /** Set by the codec for the duration of a call, so that failures to build a serializer are reported for the right direction. */
    private boolean reading;

    /**
     * @param owner the codec this instance belongs to, for the best-effort nested encoding of exception fields
     */
    CodecKryo(ValueCodec owner) {
        super(new CodecClassResolver(), new MapReferenceResolver());
        setReferences(true);
        setRegistrationRequired(false);
        setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        setDefaultSerializer(factory((kryo, type) -> new ShapeChecked.Fields<>(kryo, type)));

        // Fixed ids: part of the journal format, see StandIns.
        ThrowableSerializer throwables = new ThrowableSerializer(owner);
        ValueSerializers.Paths paths = new ValueSerializers.Paths();
        register(StandIns.ThrowableStandIn.class, throwables, StandIns.THROWABLE_ID);
        register(StandIns.PathStandIn.class, paths, StandIns.PATH_ID);
        register(ClosureSerializer.Closure.class, new ValueSerializers.Closures(), StandIns.CLOSURE_ID);

        // Our defaults go before Kryo's built-in ones (addDefaultSerializer inserts above them), in this order.
        for (CollectionSerializers.SnapshotKind kind : CollectionSerializers.snapshotKinds()) {
            addDefaultSerializer(kind.type(), exactly(kind.type(), kind.serializer()));
        }
        // Reached for fields declared with a final exception type, which Kryo writes without a class.
        addDefaultSerializer(Throwable.class, throwables);
        addDefaultSerializer(Path.class, paths);
        addDefaultSerializer(File.class, new ValueSerializers.Files());
        addDefaultSerializer(InetAddress.class, new ValueSerializers.InetAddresses());
        addDefaultSerializer(InetSocketAddress.class, new ValueSerializers.InetSocketAddresses());
        addDefaultSerializer(Class.class, new ValueSerializers.ClassValues());
        addDefaultSerializer(Enum.class, factory((kryo, type) -> new ValueSerializers.EnumNames(type)));
        addDefaultSerializer(EnumMap.class, new ValueSerializers.EnumMaps());
        addDefaultSerializer(LongAdder.class, new ValueSerializers.LongAdders());
        addDefaultSerializer(DoubleAdder.class, new ValueSerializers.DoubleAdders());
        addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
        addDefaultSerializer(Pattern.class, new DefaultSerializers.PatternSerializer());
        addDefaultSerializer(AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer());
        addDefaultSerializer(AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer());
        addDefaultSerializer(AtomicLong.class, new DefaultSerializers.AtomicLongSerializer());
        addDefaultSerializer(AtomicReference.class, new DefaultSerializers.AtomicReferenceSerializer());
        addDefaultSerializer(Record.class, factory((kryo, type) -> new ShapeChecked.Records<>(type)));
        addDefaultSerializer(boolean[].class, new CollectionSerializers.BoundedBooleanArray());
        addDefaultSerializer(String[].class, new CollectionSerializers.BoundedStringArray());
        addDefaultSerializer(Object[].class, factory(CollectionSerializers.BoundedObjectArray::new));
        addTimestamp();
    }

    /** {@code java.sql.Timestamp} would otherwise be read by the {@code Date} serializer, losing its nanoseconds. */
    private void addTimestamp() {
        try {
            Class<?> timestamp = Class.forName("java.sql.Timestamp");
            addDefaultSerializer(timestamp, new DefaultSerializers.TimestampSerializer());
        } catch (ClassNotFoundException | LinkageError e) {
            // a runtime image without the java.sql module: no timestamps to journal
        }
    }

    void reading(boolean reading) {
        this.reading = reading;
        // writing is bounded to a depth that is the same on every run; reading is bounded by the stack only, so that
        // whatever was ever written reads back (a StackOverflowError there is reported as corrupt data)
        setMaxDepth(reading ? Integer.MAX_VALUE : ValueCodec.MAX_GRAPH_DEPTH);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        DenyList.Denial denial = DenyList.match(type);
        if (denial != null) {
            return new ValueSerializers.Denied(type, denial);
        }
        Serializer<?> serializer;
        try {
            serializer = super.getDefaultSerializer(type);
        } catch (CodecFailure e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // Typically InaccessibleObjectException: a JDK class in a package not opened to us.
            throw CodecFailure.unsupported(reading, type, e);
        }
        // Kryo's plain collection and map serializers trust declared sizes; JDK views cannot be recreated at all.
        Class<?> chosen = serializer.getClass();
        if (chosen == CollectionSerializer.class || chosen == MapSerializer.class) {
            Serializer<?> snapshot = CollectionSerializers.viewSnapshot(type);
            if (snapshot != null) {
                return snapshot;
            }
            return chosen == CollectionSerializer.class
                    ? new CollectionSerializers.Bounded()
                    : new CollectionSerializers.BoundedMap();
        }
        if (chosen == DefaultSerializers.PriorityQueueSerializer.class) {
            return new CollectionSerializers.BoundedPriorityQueue();
        }
        return serializer;
    }

    /** A factory from a function; Kryo's reflective factory cannot call the constructors of our package-private classes. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static SerializerFactory factory(BiFunction<Kryo, Class, Serializer> create) {
        return new SerializerFactory.BaseSerializerFactory() {
            @Override
            public Serializer newSerializer(Kryo kryo, Class type) {
                return create.apply(kryo, type);
            }
        };
    }

    /** A factory that applies to one exact class, not its subclasses (the JDK's wrapper classes extend each other). */
    @SuppressWarnings("rawtypes")
    private static SerializerFactory exactly(Class<?> type, Serializer serializer) {
        return new SerializerFactory() {
            @Override
            public Serializer newSerializer(Kryo kryo, Class t) {
                return serializer;
            }

            @Override
            public boolean isSupported(Class t) {
                return t == type;
            }
        };
    }
}
