package dev.lazarus.agent.internal.engine;

import java.io.File;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.MessageFormat;
import java.text.SimpleDateFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Calendar;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How {@link ValueDigest} digests the values of one class, decided once per class and kept with it (a
 * {@link ClassValue}, so a class loader that goes away takes its plans along).
 *
 * <p>What counts is the value a user sees, the same whether an object was built live or decoded from the journal:
 * collections by their elements, JDK value types by their documented text form, other objects by their class name and
 * fields. What carries no value (a function, a lazy holder, a thread, a lock, a live resource) counts as what it is,
 * never as its state or identity. JDK value types are read through public methods whose results the JDK documents,
 * because their private fields differ between JDK versions and digests must not.
 */
final class DigestPlan {

    /** How a value of the class is digested. */
    enum Kind {
        /** In iteration order: deques, FIFO queues (lists and object arrays are recognised before a plan is needed). */
        ORDERED,
        /** As a multiset, whatever the iteration order: sets, priority queues, other collections. */
        UNORDERED,
        /** As a set of entries. */
        MAP,
        /** Key and value. */
        ENTRY,
        /** Its value, or nothing. */
        OPTIONAL,
        /** The elements of a primitive array other than {@code byte[]}, {@code int[]}, {@code long[]}. */
        PRIMITIVE_ARRAY,
        /** A JDK value by its documented text form ({@link #text}). */
        TEXT,
        /** A holder by the value it holds ({@link #unwrap}): atomics, adders, byte buffers. */
        WRAPPER,
        /** Class, message, cause and suppressed exceptions; never the stack trace. */
        THROWABLE,
        /** No value: the {@link #tag} of its category stands for it. */
        NO_VALUE,
        /** A {@code Class} object, by its name. */
        CLASS,
        /** Class name and fields ({@link #fields}). */
        FIELDS
    }

    /** A field that takes part in the digest. */
    record Slot(Field field, long nameHash, Class<?> type) {}

    private static final ClassValue<DigestPlan> PLANS = new ClassValue<>() {
        @Override
        protected DigestPlan computeValue(Class<?> type) {
            return decide(type);
        }
    };

    /**
     * Categories of things that are not values, by the names of supertypes (so that classes of modules and libraries
     * the engine cannot see, Kotlin's or a logging library's, are recognised without loading them).
     */
    private static final Map<String, String> NO_VALUE_TYPES = new HashMap<>();

    static {
        noValue(
                "a function",
                "kotlin.jvm.internal.Lambda",
                "kotlin.jvm.internal.CallableReference",
                "java.lang.invoke.MethodHandle",
                "java.lang.invoke.VarHandle",
                "java.lang.reflect.InvocationHandler");
        // A lazy holder's value is computed from state held elsewhere (or captured by its initializer); whether it
        // was computed yet depends on who looked at it, not on the value.
        noValue("a lazy value", "kotlin.Lazy");
        noValue("a cache reference", "java.lang.ref.Reference", "java.lang.ThreadLocal");
        noValue("a thread", "java.lang.Thread", "java.lang.ThreadGroup");
        noValue("a class loader", "java.lang.ClassLoader");
        noValue(
                "a lock",
                "java.util.concurrent.locks.Lock",
                "java.util.concurrent.locks.ReadWriteLock",
                "java.util.concurrent.locks.Condition",
                "java.util.concurrent.locks.StampedLock",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer",
                "java.util.concurrent.locks.AbstractQueuedLongSynchronizer",
                "java.util.concurrent.CountDownLatch",
                "java.util.concurrent.Semaphore",
                "java.util.concurrent.CyclicBarrier",
                "java.util.concurrent.Phaser",
                "java.util.concurrent.Exchanger");
        noValue(
                "a random generator",
                "java.util.Random",
                "java.util.SplittableRandom",
                "java.util.random.RandomGenerator");
        noValue(
                "an executor or pending task",
                "java.util.concurrent.Executor",
                "java.util.concurrent.Future",
                "java.util.concurrent.CompletionStage",
                "java.util.Timer",
                "java.util.TimerTask");
        noValue(
                "a live resource",
                "java.io.InputStream",
                "java.io.OutputStream",
                "java.io.Reader",
                "java.io.Writer",
                "java.io.RandomAccessFile",
                "java.io.FileDescriptor",
                "java.io.Console",
                "java.util.Scanner",
                "java.util.Iterator",
                "java.util.Spliterator",
                "java.util.Enumeration",
                "java.util.stream.BaseStream",
                "java.nio.Buffer",
                "java.nio.channels.Channel",
                "java.nio.channels.Selector",
                "java.nio.file.FileSystem",
                "java.nio.file.WatchService",
                "java.nio.file.DirectoryStream",
                "java.net.Socket",
                "java.net.ServerSocket",
                "java.net.DatagramSocket",
                "java.net.URLConnection",
                "java.net.http.HttpClient",
                "java.net.http.WebSocket",
                "java.sql.Connection",
                "java.sql.Statement",
                "java.sql.ResultSet",
                "javax.sql.DataSource",
                "java.lang.Process",
                "java.lang.ProcessHandle",
                "java.lang.Runtime");
        noValue(
                "JVM machinery",
                "java.lang.Module",
                "java.lang.ModuleLayer",
                "java.lang.invoke.MethodHandles$Lookup",
                "java.lang.instrument.Instrumentation",
                "java.lang.StackWalker");
        noValue(
                "a logger",
                "java.util.logging.Logger",
                "java.lang.System$Logger",
                // joined at run time: the agent jar relocates its own SLF4J and the shade plugin would rewrite a
                // constant naming it, so the application's SLF4J logger would no longer be recognised
                String.join(".", "org", "slf4j", "Logger"),
                "org.apache.logging.log4j.Logger",
                "org.apache.log4j.Logger",
                "org.apache.commons.logging.Log");
        noValue(
                "an application context",
                "org.springframework.context.ApplicationContext",
                "org.springframework.beans.factory.BeanFactory");
    }

    private static void noValue(String category, String... typeNames) {
        for (String name : typeNames) {
            NO_VALUE_TYPES.put(name, category);
        }
    }

    final Kind kind;
    /** The class name's hash (or a stable stand-in's, or the category's): what starts the value's digest. */
    final long tag;
    /** {@link Kind#TEXT}: the documented text form. */
    final Function<Object, String> text;
    /** {@link Kind#WRAPPER}: the value held. */
    final Function<Object, Object> unwrap;
    /** {@link Kind#FIELDS}: the fields, superclass first, each class's by name. */
    final Slot[] fields;

    private DigestPlan(
            Kind kind, String tag, Function<Object, String> text, Function<Object, Object> unwrap, Slot[] fields) {
        this.kind = kind;
        this.tag = tag.hashCode();
        this.text = text;
        this.unwrap = unwrap;
        this.fields = fields;
    }

    private static DigestPlan of(Kind kind, String tag) {
        return new DigestPlan(kind, tag, null, null, null);
    }

    private static DigestPlan text(String tag, Function<Object, String> text) {
        return new DigestPlan(Kind.TEXT, tag, text, null, null);
    }

    private static DigestPlan wrapper(String tag, Function<Object, Object> unwrap) {
        return new DigestPlan(Kind.WRAPPER, tag, null, unwrap, null);
    }

    /** @return the plan for values of {@code type}, decided on first use */
    static DigestPlan of(Class<?> type) {
        return PLANS.get(type);
    }

    private static DigestPlan decide(Class<?> c) {
        String name = c.getName();
        if (c.isArray()) {
            return of(Kind.PRIMITIVE_ARRAY, name);
        }
        if (c == Class.class) {
            return of(Kind.CLASS, name);
        }
        // Lambdas and other hidden classes: their names are made up at run time and differ between JVMs.
        if (c.isHidden() || name.contains("$$Lambda") || Proxy.isProxyClass(c)) {
            return of(Kind.NO_VALUE, "a function");
        }
        // before the categories: byte and char buffers are values, other buffers are not
        DigestPlan jdk = jdkValue(c);
        if (jdk != null) {
            return jdk;
        }
        String category = noValueCategory(c);
        if (category != null) {
            return of(Kind.NO_VALUE, category);
        }
        if (Throwable.class.isAssignableFrom(c)) {
            return of(Kind.THROWABLE, name);
        }
        DigestPlan collection = collection(c);
        if (collection != null) {
            return collection;
        }
        return new DigestPlan(Kind.FIELDS, name, null, null, fields(c));
    }

    private static String noValueCategory(Class<?> type) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            String category = NO_VALUE_TYPES.get(current.getName());
            if (category != null) {
                return category;
            }
            if (current.getSuperclass() != null) {
                pending.add(current.getSuperclass());
            }
            pending.addAll(List.of(current.getInterfaces()));
        }
        return null;
    }

    private static DigestPlan collection(Class<?> c) {
        if (Set.class.isAssignableFrom(c)) {
            return of(Kind.UNORDERED, "set");
        }
        if (Map.class.isAssignableFrom(c)) {
            return of(Kind.MAP, "map");
        }
        if (Map.Entry.class.isAssignableFrom(c)) {
            return of(Kind.ENTRY, "entry");
        }
        if (Collection.class.isAssignableFrom(c)) {
            boolean ordered = Deque.class.isAssignableFrom(c)
                    || (Queue.class.isAssignableFrom(c)
                            && !PriorityQueue.class.isAssignableFrom(c)
                            && !PriorityBlockingQueue.class.isAssignableFrom(c));
            // a collection that promises no order (a map's values, a priority queue's heap) is a multiset
            return ordered ? of(Kind.ORDERED, "sequence") : of(Kind.UNORDERED, "set");
        }
        if (c == Optional.class) {
            return of(Kind.OPTIONAL, c.getName());
        }
        return null;
    }

    /** JDK value types, by what their public methods document; {@code null} for anything else. */
    private static DigestPlan jdkValue(Class<?> c) {
        String name = c.getName();
        if (name.startsWith("java.time.")) {
            return text(name, Object::toString); // ISO-8601 forms and zone ids, as java.time documents them
        }
        if (c == UUID.class || c == URI.class || c == Locale.class || c == BitSet.class) {
            return text(name, Object::toString);
        }
        if (c == OptionalInt.class || c == OptionalLong.class || c == OptionalDouble.class) {
            return text(name, Object::toString);
        }
        if (c == URL.class) {
            return text(name, o -> ((URL) o).toExternalForm()); // never URL.equals/hashCode: they resolve host names
        }
        if (c == Currency.class) {
            return text(name, o -> ((Currency) o).getCurrencyCode());
        }
        if (c == Pattern.class) {
            return text(name, o -> ((Pattern) o).pattern() + "/" + ((Pattern) o).flags());
        }
        if (c == File.class) {
            return text(name, o -> ((File) o).getPath());
        }
        if (c == InetSocketAddress.class) {
            return text(name, o -> ((InetSocketAddress) o).getHostString() + ":" + ((InetSocketAddress) o).getPort());
        }
        // Implementation classes differ between platforms and JDKs: the public type is the tag.
        if (Path.class.isAssignableFrom(c)) {
            return text(Path.class.getName(), Object::toString);
        }
        if (Charset.class.isAssignableFrom(c)) {
            return text(Charset.class.getName(), o -> ((Charset) o).name());
        }
        if (TimeZone.class.isAssignableFrom(c)) {
            return text(TimeZone.class.getName(), o -> ((TimeZone) o).getID());
        }
        if (InetAddress.class.isAssignableFrom(c)) {
            return text(name, o -> ((InetAddress) o).getHostAddress());
        }
        if (Calendar.class.isAssignableFrom(c)) {
            return text(
                    name,
                    o -> ((Calendar) o).getTimeInMillis() + "@"
                            + ((Calendar) o).getTimeZone().getID());
        }
        if (Date.class.isAssignableFrom(c)) {
            return date(c);
        }
        if (c == SimpleDateFormat.class) {
            return text(name, o -> ((SimpleDateFormat) o).toPattern());
        }
        if (c == DecimalFormat.class) {
            return text(name, o -> ((DecimalFormat) o).toPattern());
        }
        if (c == MessageFormat.class) {
            return text(name, o -> ((MessageFormat) o).toPattern());
        }
        if (Executable.class.isAssignableFrom(c) || c == Field.class) {
            return text(name, Object::toString); // the member's declaration, as Method.toString documents it
        }
        if (c == StackTraceElement.class) {
            return text(name, o -> {
                StackTraceElement e = (StackTraceElement) o;
                return e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber()
                        + ")";
            });
        }
        if (CharSequence.class.isAssignableFrom(c) && isJdk(c) && !CharBuffer.class.isAssignableFrom(c)) {
            return text(name, Object::toString); // StringBuilder, StringBuffer
        }
        if (CharBuffer.class.isAssignableFrom(c)) {
            return text(CharBuffer.class.getName(), Object::toString); // the remaining characters
        }
        if (ByteBuffer.class.isAssignableFrom(c)) {
            return wrapper(ByteBuffer.class.getName(), o -> {
                ByteBuffer remaining = ((ByteBuffer) o).duplicate();
                byte[] bytes = new byte[remaining.remaining()];
                remaining.get(bytes);
                return bytes;
            });
        }
        if (c == AtomicInteger.class) {
            return wrapper(name, o -> ((AtomicInteger) o).get());
        }
        if (c == AtomicLong.class) {
            return wrapper(name, o -> ((AtomicLong) o).get());
        }
        if (c == AtomicBoolean.class) {
            return wrapper(name, o -> ((AtomicBoolean) o).get());
        }
        if (c == AtomicReference.class) {
            return wrapper(name, o -> ((AtomicReference<?>) o).get());
        }
        if (c == LongAdder.class) {
            return wrapper(name, o -> ((LongAdder) o).sum());
        }
        if (c == DoubleAdder.class) {
            return wrapper(name, o -> ((DoubleAdder) o).sum());
        }
        return null;
    }

    /** {@code java.util.Date} and its {@code java.sql} subclasses (a module that may be absent: found by name). */
    private static DigestPlan date(Class<?> c) {
        if (c.getName().equals("java.sql.Timestamp")) {
            try {
                Method nanos = c.getMethod("getNanos");
                return text(c.getName(), o -> {
                    try {
                        return ((Date) o).getTime() + "." + nanos.invoke(o);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (NoSuchMethodException e) {
                // not the JDK's Timestamp: digest it as a date
            }
        }
        return text(c.getName(), o -> Long.toString(((Date) o).getTime()));
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    /**
     * The fields that make the value: instance fields that are not transient, superclass first and each class's in
     * name order (the order {@code getDeclaredFields} returns is unspecified). Left out: the enclosing instance of an
     * inner class (the context it was created in, a service or a test, not part of the value), a cached hash code
     * (an {@code int} field named {@code hash} or {@code hashCode}, filled in by whoever called {@code hashCode()}
     * first, as the JDK's own strings and generated SDK classes do), and fields this module may not read (a package
     * the application did not open): those classes are digested by their name and readable fields only.
     */
    private static Slot[] fields(Class<?> c) {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            hierarchy.add(0, k);
        }
        List<Slot> slots = new ArrayList<>();
        for (Class<?> k : hierarchy) {
            Field[] declared = k.getDeclaredFields();
            java.util.Arrays.sort(declared, Comparator.comparing(Field::getName));
            for (Field f : declared) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
                    continue;
                }
                if (f.isSynthetic() && f.getName().startsWith("this$")) {
                    continue;
                }
                if (f.getType() == int.class
                        && (f.getName().equals("hash") || f.getName().equals("hashCode"))) {
                    continue;
                }
                if (!f.trySetAccessible()) {
                    continue;
                }
                slots.add(new Slot(f, f.getName().hashCode(), f.getType()));
            }
        }
        return slots.toArray(new Slot[0]);
    }
}
