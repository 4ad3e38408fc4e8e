package dev.lazarus.store.codec;

import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.minlog.Log;
import com.esotericsoftware.kryo.kryo5.util.Pool;
import com.esotericsoftware.kryo.kryo5.util.Util;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the values an execution journals (arguments, results of outbound calls, the exceptions those calls threw)
 * into bytes, and back, possibly in another JVM after a restart.
 *
 * <p>Values are serialized with Kryo 5 (the dependency-free {@code kryo5} artifact; docs/SPEC.md §7.7), configured as
 * described in {@link CodecKryo}. What this adds to plain Kryo, and why:
 * <ul>
 *   <li>exceptions are recorded explicitly and rebuilt as their own class, or as a {@link RecordedThrowable} when
 *       that class is gone;</li>
 *   <li>values that are not data (threads, sockets, streams, non-serializable lambdas, class loaders...) fail with a
 *       {@link CodecException} naming the class and field path, instead of Kryo walking into JVM internals;</li>
 *   <li>a value whose class is missing, or changed shape, fails to decode with a message naming the class, instead
 *       of a Kryo stack trace or, worse, silently wrong field values;</li>
 *   <li>corrupt bytes (random, truncated, huge length prefixes) fail with a {@link CodecException} without large
 *       allocations (Kryo allocates what a length prefix declares before it reads the bytes, kryo#1282);</li>
 *   <li>the first byte is a format version, so a journal written by an incompatible version is recognised.</li>
 * </ul>
 *
 * <p>Thread-safe. Kryo instances are not, so each call borrows one from a pool, binds it to the class loader of the
 * call (one pooled instance may serve several loaders over its life) and gives it back. An instance that failed is
 * dropped rather than returned: Kryo does not promise a consistent state after an exception. Null, strings, boxed
 * primitives and {@code byte[]} do not borrow one at all: {@link ScalarCodec} writes and reads Kryo's bytes for them.
 *
 * <p>Security: no registration is required, so bytes choose which classes get instantiated. Only decode bytes this
 * process or an earlier run of it wrote to the (owner-only) journal, never bytes from outside the process.
 */
public final class ValueCodec {

    /** First byte of every encoded value. Bump it when the encoding changes incompatibly. */
    static final byte FORMAT_VERSION = 1;

    /**
     * How deep a journaled value's object graph may nest: an object inside an object (a field's value, a collection's
     * element, a map's key or value) is one level deeper, the value itself is level 1. A value nested deeper is
     * refused ({@code LAZ-201}) at the same level on every run, whatever the thread's stack and however warm the
     * code: without a limit the stack decided, and a chain of about 1,000 to 1,900 objects failed or not depending on
     * the JIT. 512 levels fit a thread stack of 512 KiB with room for the application's own frames (a plain value is
     * a few levels deep; a linked chain of objects is as deep as it is long, while a {@code LinkedList} of any length
     * is two). Reading has no such limit, so values journaled before the limit existed still decode.
     */
    public static final int MAX_GRAPH_DEPTH = 512;

    /** Output buffers larger than this are not kept in the pool, so one huge value does not pin memory forever. */
    private static final int MAX_POOLED_BUFFER = 1 << 20;

    private static final int POOL_SIZE = 64;

    /** How deep best-effort values (exception fields) may nest within one call, see {@link #encodeBestEffort}. */
    private static final int MAX_NESTING = 2;

    private static final ThreadLocal<int[]> NESTING = ThreadLocal.withInitial(() -> new int[1]);

    private static final List<String> JAVA_BASE_PACKAGES = List.of(
            "java.lang", // Throwable's fields, StackTraceElement, boxed and string internals
            "java.lang.invoke", // SerializedLambda.readResolve for serializable lambdas
            "java.lang.reflect", // InvocationTargetException and UndeclaredThrowableException fields
            "java.io", // UncheckedIOException and other java.io values
            "java.math", // MathContext
            "java.net", // exception fields (e.g. HttpRetryException), InetAddress holders
            "java.nio", // values that hold charsets and byte orders
            "java.nio.charset", // charset exception fields
            "java.nio.file", // FileSystemException's file, other file and reason
            "java.text", // formats that users pass around (DecimalFormat, SimpleDateFormat)
            "java.time", // java.time classes without a dedicated serializer (Clock, ZoneRegion internals)
            "java.time.chrono",
            "java.time.format", // DateTimeFormatter, DateTimeParseException fields
            "java.time.temporal",
            "java.time.zone",
            "java.util", // collections, wrappers, EnumMap's key type, Optional, Random, Locale internals
            "java.util.concurrent", // concurrent collections
            "java.util.concurrent.atomic", // Atomic*, AtomicIntegerArray, adders
            "java.util.concurrent.locks", // locks inside user objects that are reached through plain collections
            "java.util.regex", // PatternSyntaxException fields
            "java.security"); // exception and key-spec values

    private static final Map<String, List<String>> MODULE_PACKAGES = Map.of(
            "java.base",
            JAVA_BASE_PACKAGES,
            "java.sql",
            List.of("java.sql")); // SQLException's SQLState, vendorCode and next exception

    static {
        // Kryo logs warnings to System.out, i.e. into the application's output; our failures carry everything instead.
        Log.set(Log.LEVEL_NONE);
        initialiseKryoWithoutUnsafe();
    }

    /**
     * Makes our Kryo use reflection instead of {@code sun.misc.Unsafe}. On JDK 24+ Kryo's first use of Unsafe prints a
     * "terminally deprecated method in sun.misc.Unsafe" warning on the application's stderr (JEP 471), and later JDKs
     * will refuse those methods. Kryo reads the switch, the system property {@code kryo.unsafe}, once, when its
     * {@code Util} class initialises; the application's own Kryo, if it has one, reads the same property, so it is set
     * only around that initialisation and then restored.
     */
    private static void initialiseKryoWithoutUnsafe() {
        synchronized (System.getProperties()) {
            String previous = System.getProperty("kryo.unsafe");
            System.setProperty("kryo.unsafe", "false");
            try {
                Class.forName(Util.class.getName(), true, Util.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            } finally {
                if (previous == null) {
                    System.clearProperty("kryo.unsafe");
                } else {
                    System.setProperty("kryo.unsafe", previous);
                }
            }
        }
    }

    private final Pool<Session> pool;

    private ValueCodec() {
        // No soft references: they cost a SoftReference and a queue node per borrow on the hot path.
        this.pool = new Pool<>(true, false, POOL_SIZE) {
            @Override
            protected Session create() {
                return new Session(ValueCodec.this);
            }
        };
    }

    /**
     * Creates a codec with its own pool of Kryo instances. One codec per journal is enough; it is thread-safe.
     *
     * @return a new codec
     */
    public static ValueCodec create() {
        return new ValueCodec();
    }

    /** A Kryo instance with its reusable buffers. */
    private static final class Session {
        final CodecKryo kryo;
        Output output = new Output(256, -1);
        final BoundedInput input = new BoundedInput();

        Session(ValueCodec owner) {
            kryo = new CodecKryo(owner);
        }

        void bind(ClassLoader loader) {
            kryo.setClassLoader(loader);
            ((CodecClassResolver) kryo.getClassResolver()).bindLoader(loader);
        }
    }

    private Session borrow(ClassLoader loader) {
        Session session = pool.obtain();
        session.bind(loader != null ? loader : ClassLoader.getSystemClassLoader());
        return session;
    }

    private void giveBack(Session session, boolean healthy) {
        if (!healthy) {
            return; // dropped: see the class comment
        }
        if (session.output.getBuffer().length > MAX_POOLED_BUFFER) {
            session.output = new Output(256, -1);
        }
        session.input.release();
        pool.free(session);
    }

    /**
     * Serializes a value (may be null, a primitive box, any object graph, a Throwable) with the given application
     * class loader.
     *
     * @param value the value to journal; {@code null} is a value like any other
     * @param loader the class loader of the application code the value belongs to (it resolves class names when the
     *               value is read back); {@code null} means the system class loader
     * @return the encoded bytes, starting with the format version
     * @throws CodecException {@value CodecException#CANNOT_SERIALIZE} if the value, or anything it references, is
     *                        not plain data; the message names the class and field path
     */
    public byte[] encode(Object value, ClassLoader loader) throws CodecException {
        byte[] scalar = ScalarCodec.encode(value);
        if (scalar != null) {
            return scalar; // Kryo's very bytes, without borrowing a Kryo: see ScalarCodec
        }
        Session session = borrow(loader);
        boolean healthy = false;
        try {
            session.kryo.reading(false);
            Output output = session.output;
            output.reset();
            output.writeByte(FORMAT_VERSION);
            session.kryo.writeClassAndObject(output, value);
            byte[] bytes = output.toBytes();
            healthy = true;
            return bytes;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw Failures.onEncode(value, e);
        } finally {
            giveBack(session, healthy);
        }
    }

    /**
     * Deserializes bytes written by {@link #encode}, resolving classes with the given application class loader.
     *
     * @param bytes the encoded value
     * @param loader the application class loader to resolve class names with; {@code null} means the system class loader
     * @return the value, which may be null; exceptions come back as their own class or as a {@link RecordedThrowable}
     * @throws CodecException {@value CodecException#CANNOT_DESERIALIZE} if a class is missing or changed shape (the
     *                        message names it), or the bytes are corrupt or truncated
     */
    public Object decode(byte[] bytes, ClassLoader loader) throws CodecException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw CodecException.cannotDeserialize(null, "cannot deserialize the value: it is empty", null);
        }
        if (bytes[0] != FORMAT_VERSION) {
            throw CodecException.cannotDeserialize(
                    null,
                    "cannot deserialize the value: it has format version " + bytes[0]
                            + " but this version of Lazarus reads version " + FORMAT_VERSION
                            + " (corrupt, or written by another version)",
                    null);
        }
        Object scalar = ScalarCodec.decode(bytes);
        if (scalar != ScalarCodec.NOT_SCALAR) {
            return scalar;
        }
        Session session = borrow(loader);
        boolean healthy = false;
        try {
            session.kryo.reading(true);
            session.input.reset(bytes, 1, bytes.length - 1);
            Object value = session.kryo.readClassAndObject(session.input);
            if (session.input.position() != bytes.length) {
                throw CodecFailure.corrupt((bytes.length - session.input.position()) + " bytes follow the value");
            }
            healthy = true;
            return value;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw Failures.onDecode(e);
        } finally {
            giveBack(session, healthy);
        }
    }

    /**
     * Encodes a value that is nice to have, on its own, with its own references (a field of an exception).
     * Nested calls on one thread borrow further pooled instances; their depth is bounded, which also ends the
     * recursion of an exception that refers to itself through its fields.
     *
     * @return the bytes, or {@code null} if the value cannot be encoded or the nesting is too deep
     */
    byte[] encodeBestEffort(Object value, ClassLoader loader) {
        int[] depth = NESTING.get();
        if (depth[0] >= MAX_NESTING) {
            return null;
        }
        depth[0]++;
        try {
            return encode(value, loader);
        } catch (CodecException e) {
            return null;
        } finally {
            depth[0]--;
        }
    }

    /**
     * Decodes bytes of {@link #encodeBestEffort}.
     *
     * @return the value, or {@code skipped} if it cannot be decoded (its class is gone or changed)
     */
    Object decodeBestEffort(byte[] bytes, ClassLoader loader, Object skipped) {
        int[] depth = NESTING.get();
        if (depth[0] >= MAX_NESTING) {
            return skipped;
        }
        depth[0]++;
        try {
            return decode(bytes, loader);
        } catch (CodecException e) {
            return skipped;
        } finally {
            depth[0]--;
        }
    }

    /**
     * The {@code java.base} packages Kryo and this codec need opened to them, for the agent to pass to
     * {@code Instrumentation.redefineModule} (so users need no {@code --add-opens}).
     *
     * @return package names, e.g. {@code java.lang}, {@code java.util}
     */
    public static List<String> javaBasePackagesToOpen() {
        return JAVA_BASE_PACKAGES;
    }

    /**
     * Every package to open, by module: {@link #javaBasePackagesToOpen()} under {@code java.base}, plus packages of
     * other JDK modules whose exceptions carry fields worth recording ({@code java.sql}). Modules absent from the
     * runtime image should be skipped by the caller.
     *
     * @return module name to package names
     */
    public static Map<String, List<String>> modulePackagesToOpen() {
        return MODULE_PACKAGES;
    }

    /**
     * A stable digest of encoded bytes, for implicit execution keys: the first 128 bits of their SHA-256, in hex.
     *
     * <p>Equal values encode to equal bytes when their classes and iteration orders are deterministic; hash-ordered
     * collections of one comparable element type are written in sorted order for that reason. Collections of
     * elements that only have identity hash codes still iterate in an order that changes between JVMs.
     *
     * @param encoded bytes returned by {@link #encode}
     * @return 32 lowercase hex characters
     */
    public static String digest(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(encoded);
            char[] hex = new char[32];
            byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 16; i++) {
                hex[2 * i] = (char) digits[(hash[i] >> 4) & 0xF];
                hex[2 * i + 1] = (char) digits[hash[i] & 0xF];
            }
            return new String(hex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
