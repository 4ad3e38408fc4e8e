package dev.lazarus.agent.internal.instrumentation;

import java.util.Set;

/**
 * What the JDK's own classes are, for the transparency rule: sources of non-determinism and I/O
 * (journaled whatever the receiver, unless they hand out a live object), logging (replay-silent), and
 * everything else (deterministic, recomputed); and, as declared result types, which of them are plain data
 * and which are live objects (streams, futures, executors, functions, resources). Application classes are
 * never listed here: they are classified by where their receiver comes from and judged by their class files.
 */
final class JdkCatalog {
    private JdkCatalog() {}

    /** Classes every call on which is non-deterministic (random numbers). */
    private static final Set<String> RANDOM_TYPES = Set.of(
            "java/util/Random",
            "java/util/concurrent/ThreadLocalRandom",
            "java/security/SecureRandom",
            "java/util/SplittableRandom",
            "java/util/random/RandomGenerator");

    /** Types with static {@code now(...)} factories that read the clock. */
    private static final Set<String> CLOCK_NOW_TYPES = Set.of(
            "java/time/Instant",
            "java/time/LocalDate",
            "java/time/LocalDateTime",
            "java/time/LocalTime",
            "java/time/ZonedDateTime",
            "java/time/OffsetDateTime",
            "java/time/OffsetTime",
            "java/time/Year",
            "java/time/YearMonth",
            "java/time/MonthDay");

    /**
     * Package prefixes of JDK I/O whose calls are journaled. {@code java.net.http} and JDBC ({@code java.sql},
     * {@code javax.sql}) are not: their effects are journaled at their boundaries ({@code HttpClient.send}, a
     * statement's execution, woven where they are defined), so the body's builders, body handlers, responses,
     * data sources, connections, statements and result sets are recomputed like any other value — a connection
     * is taken from the pool and given back on replay too, as the body wrote it.
     */
    private static final String[] IO_PREFIXES = {"java/nio/channels/"};

    /**
     * Packages whose calls stay journaled as JDK I/O whatever they return, until their effects (the
     * statement) move behind an effect boundary inside the drivers: JDBC. ({@code java.net.http} has its
     * boundary, so it is not JDK I/O at all.)
     */
    private static final String[] BOUNDARY_PREFIXES = {"java/sql/", "javax/sql/"};

    /**
     * JDK types whose values are plain data whatever their shape: interfaces such as {@code List} and
     * {@code Path}, abstract classes such as {@code Number}. Concrete JDK classes need no entry (a concrete
     * class is data unless it is a resource, a future or a builder).
     */
    private static final Set<String> DATA_TYPES = Set.of(
            "java/lang/String",
            "java/lang/CharSequence",
            "java/lang/StringBuilder",
            "java/lang/StringBuffer",
            "java/lang/Number",
            "java/lang/Comparable",
            "java/lang/Enum",
            "java/lang/Record",
            "java/io/Serializable",
            "java/math/BigDecimal",
            "java/math/BigInteger",
            "java/nio/file/Path",
            "java/nio/charset/Charset",
            "java/util/Collection",
            "java/util/List",
            "java/util/Set",
            "java/util/SortedSet",
            "java/util/NavigableSet",
            "java/util/Queue",
            "java/util/Deque",
            "java/util/Map",
            "java/util/Map$Entry",
            "java/util/SortedMap",
            "java/util/NavigableMap",
            "java/util/SequencedCollection",
            "java/util/SequencedSet",
            "java/util/SequencedMap",
            "java/util/EnumSet",
            "java/util/AbstractMap$SimpleEntry",
            "java/util/AbstractMap$SimpleImmutableEntry",
            "java/util/concurrent/ConcurrentMap",
            "java/util/concurrent/ConcurrentNavigableMap",
            "java/sql/Date",
            "java/sql/Time",
            "java/sql/Timestamp");

    /** {@code java.time} values (the package's own types, its abstract {@code ZoneId} included), but the clocks. */
    private static final Set<String> TIME_SERVICES = Set.of("java/time/Clock", "java/time/InstantSource");

    /** Futures and completion stages. */
    private static final Set<String> FUTURE_TYPES = Set.of(
            "java/util/concurrent/Future",
            "java/util/concurrent/CompletableFuture",
            "java/util/concurrent/CompletionStage",
            "java/util/concurrent/ScheduledFuture",
            "java/util/concurrent/RunnableFuture",
            "java/util/concurrent/RunnableScheduledFuture",
            "java/util/concurrent/FutureTask",
            "java/util/concurrent/ForkJoinTask",
            "java/util/concurrent/RecursiveTask",
            "java/util/concurrent/RecursiveAction",
            "java/util/concurrent/CountedCompleter");

    /** Iteration that is consumed where it is used: iterators and their kin ({@code java.util.stream} by prefix). */
    private static final Set<String> STREAM_TYPES = Set.of(
            "java/lang/Iterable",
            "java/util/Iterator",
            "java/util/ListIterator",
            "java/util/Enumeration",
            "java/util/Spliterator",
            "java/util/concurrent/Flow$Publisher");

    /**
     * Resources whose opening is itself an effect that no effect boundary covers: recomputing the call
     * that returns one connects again, or starts the process again, on replay.
     */
    private static final Set<String> LIVE_RESOURCE_TYPES = Set.of(
            "java/net/Socket",
            "java/net/ServerSocket",
            "java/net/DatagramSocket",
            "java/net/MulticastSocket",
            "javax/net/ssl/SSLSocket",
            "javax/net/ssl/SSLServerSocket",
            "java/nio/channels/SocketChannel",
            "java/nio/channels/ServerSocketChannel",
            "java/nio/channels/DatagramChannel",
            "java/nio/channels/AsynchronousSocketChannel",
            "java/nio/channels/AsynchronousServerSocketChannel",
            "java/lang/Process");

    /** Resources: what must be closed (byte streams, readers and writers by their names, in {@code java.io}). */
    private static final Set<String> RESOURCE_TYPES = Set.of(
            "java/lang/AutoCloseable",
            "java/io/Closeable",
            "java/io/RandomAccessFile",
            "java/io/Console",
            "java/net/JarURLConnection",
            "javax/net/ssl/HttpsURLConnection",
            "java/sql/Connection",
            "java/sql/Statement",
            "java/sql/PreparedStatement",
            "java/sql/CallableStatement",
            "java/sql/ResultSet",
            "javax/sql/DataSource",
            "javax/sql/PooledConnection",
            "javax/sql/XAConnection",
            "java/nio/file/DirectoryStream",
            "java/nio/file/WatchService",
            "java/nio/file/FileSystem",
            "java/util/Scanner",
            "java/util/zip/ZipFile",
            "java/util/jar/JarFile");
    /** Single JDK I/O classes whose calls are journaled. */
    private static final Set<String> IO_TYPES = Set.of(
            "java/nio/file/Files",
            "java/lang/Process",
            "java/lang/ProcessBuilder",
            "java/lang/ProcessHandle",
            "java/net/Socket",
            "java/net/ServerSocket",
            "java/net/InetAddress",
            "java/net/DatagramSocket",
            "java/io/InputStream",
            "java/io/OutputStream",
            "java/io/Reader",
            "java/io/Writer",
            "java/io/BufferedReader",
            "java/io/BufferedWriter",
            "java/io/FileInputStream",
            "java/io/FileOutputStream",
            "java/io/FileReader",
            "java/io/FileWriter",
            "java/io/InputStreamReader",
            "java/io/OutputStreamWriter",
            "java/io/RandomAccessFile",
            "java/io/BufferedInputStream",
            "java/io/BufferedOutputStream",
            "java/io/DataInputStream",
            "java/io/DataOutputStream",
            "java/io/Console");

    /**
     * Logging APIs: void calls on them are replay-silent. The names are joined at run time because the
     * agent jar relocates its own SLF4J, and the shade plugin rewrites any constant that names it; the
     * application's SLF4J keeps its real name.
     */
    private static final Set<String> LOGGER_TYPES = Set.of(
            String.join("/", "org", "slf4j", "Logger"),
            "java/util/logging/Logger",
            "java/lang/System$Logger",
            "org/apache/logging/log4j/Logger",
            "org/apache/log4j/Logger",
            "org/apache/log4j/Category",
            "org/apache/commons/logging/Log",
            "ch/qos/logback/classic/Logger");

    /** JDK interfaces whose implementations are supplied by the application (a service passed as a lambda). */
    private static final String[] FUNCTIONAL_PREFIXES = {"java/util/function/"};

    private static final Set<String> FUNCTIONAL_TYPES = Set.of(
            "java/lang/Runnable",
            "java/util/concurrent/Callable",
            "java/util/concurrent/Executor",
            "java/util/concurrent/ExecutorService");

    static boolean isJdk(String owner) {
        return owner.startsWith("java/")
                || owner.startsWith("javax/")
                || owner.startsWith("jdk/")
                || owner.startsWith("sun/")
                || owner.startsWith("com/sun/");
    }

    /** @return the reason a call is a JDK source of non-determinism, or {@code null} */
    static String nonDeterminism(String owner, String name, boolean isStatic) {
        if (owner.equals("java/lang/System") && (name.equals("currentTimeMillis") || name.equals("nanoTime"))) {
            return "reads the clock (System." + name + ")";
        }
        if ((owner.equals("java/lang/Math") || owner.equals("java/lang/StrictMath")) && name.equals("random")) {
            return "random number (Math.random)";
        }
        if (owner.equals("java/util/UUID") && name.equals("randomUUID")) {
            return "random UUID";
        }
        if (RANDOM_TYPES.contains(owner) && !(isStatic && name.equals("current"))) {
            return "random number (" + OriginInterpreter.simpleOwner(owner) + "." + name + ")";
        }
        if (CLOCK_NOW_TYPES.contains(owner) && isStatic && name.equals("now")) {
            return "reads the clock (" + OriginInterpreter.simpleOwner(owner) + ".now)";
        }
        if (owner.equals("java/time/Clock") && !isStatic) {
            return "reads the clock (Clock." + name + ")";
        }
        return null;
    }

    /**
     * @return whether calls on this JDK owner stay journaled as JDK I/O whatever they return (the HTTP
     *     client and JDBC: their effects belong to effect boundaries, not to a judgement of each call)
     */
    static boolean isBoundaryIo(String owner) {
        for (String prefix : BOUNDARY_PREFIXES) {
            if (owner.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the effect catalog's boundaries hand back, rebuilt from journaled data on the live path and on replay
     * alike: an HTTP response and its body, a result set. Reading from one is recomputed.
     */
    private static final Set<String> BOUNDARY_ANSWERS = Set.of(
            "okhttp3/Response",
            "okhttp3/ResponseBody",
            "okio/BufferedSource",
            "java/net/http/HttpResponse",
            "java/sql/ResultSet",
            "org/apache/hc/core5/http/ClassicHttpResponse",
            "org/apache/hc/client5/http/impl/classic/CloseableHttpResponse",
            "org/apache/hc/core5/http/HttpEntity");

    /**
     * @param type an internal type name (or a descriptor's internal name for arrays and primitives)
     * @return whether it is what a catalogued effect boundary hands back
     */
    static boolean isBoundaryAnswer(String type) {
        return BOUNDARY_ANSWERS.contains(type);
    }

    /** @return whether values of this JDK type are plain data, whatever the type's shape */
    static boolean isDataType(String type) {
        if (DATA_TYPES.contains(type)) {
            return true;
        }
        return type.startsWith("java/time/")
                && type.indexOf('/', "java/time/".length()) < 0
                && !TIME_SERVICES.contains(type);
    }

    /**
     * @param type a JDK type (internal name)
     * @return the shape of a listed JDK type that is not plain data, or {@code null} when the JDK type is not
     *     listed (its class file decides: an interface or abstract class is a service, a concrete class data)
     */
    static ResultShape liveShape(String type) {
        if (LIVE_RESOURCE_TYPES.contains(type)) {
            return ResultShape.LIVE_RESOURCE;
        }
        if (RESOURCE_TYPES.contains(type) || type.startsWith("java/nio/channels/") || isIoStreamName(type)) {
            return ResultShape.RESOURCE;
        }
        if (FUTURE_TYPES.contains(type)) {
            return ResultShape.FUTURE;
        }
        if (STREAM_TYPES.contains(type)
                || type.startsWith("java/util/stream/")
                || type.startsWith("java/util/PrimitiveIterator")
                || type.startsWith("java/util/Spliterator$")) {
            return ResultShape.STREAM;
        }
        if (isFunctionType(type)) {
            return ResultShape.FUNCTION;
        }
        if (TIME_SERVICES.contains(type) || isExecutorType(type)) {
            return ResultShape.SERVICE;
        }
        return null;
    }

    /** {@code java.io} byte streams, readers and writers, named so by the JDK. */
    private static boolean isIoStreamName(String type) {
        if (!type.startsWith("java/io/") && !type.startsWith("java/util/zip/") && !type.startsWith("java/util/jar/")) {
            return false;
        }
        String simple = OriginInterpreter.simpleOwner(type);
        return simple.endsWith("InputStream")
                || simple.endsWith("OutputStream")
                || simple.endsWith("Reader")
                || simple.endsWith("Writer")
                || simple.equals("PrintStream");
    }

    /**
     * @return whether the JDK type is one a resource opened for writing has: a byte output stream or a
     *     writer (opening it may create or truncate a file)
     */
    static boolean isOutputResource(String type) {
        if (!type.startsWith("java/io/")) {
            return false;
        }
        String simple = OriginInterpreter.simpleOwner(type);
        return simple.endsWith("OutputStream") || simple.endsWith("Writer") || simple.equals("PrintStream");
    }

    private static boolean isFunctionType(String type) {
        return type.startsWith("java/util/function/")
                || type.equals("java/lang/Runnable")
                || type.equals("java/util/concurrent/Callable");
    }

    private static boolean isExecutorType(String type) {
        if (!type.startsWith("java/util/concurrent/")) {
            return false;
        }
        String simple = OriginInterpreter.simpleOwner(type);
        return simple.contains("Executor")
                || simple.equals("ForkJoinPool")
                || simple.equals("ThreadFactory")
                || simple.equals("CompletionService");
    }

    /** @return whether a call on this JDK owner is I/O */
    static boolean isIo(String owner) {
        if (IO_TYPES.contains(owner)) {
            return true;
        }
        for (String prefix : IO_PREFIXES) {
            if (owner.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLogger(String owner) {
        return LOGGER_TYPES.contains(owner);
    }

    /** {@code System.out} and {@code System.err}. */
    static boolean isConsoleStream(String owner, String field) {
        return owner.equals("java/io/PrintStream")
                && field != null
                && (field.equals("System.out") || field.equals("System.err"));
    }

    /** A JDK interface through which the application may hand the body a service of its own. */
    static boolean isFunctional(String owner) {
        if (FUNCTIONAL_TYPES.contains(owner)) {
            return true;
        }
        for (String prefix : FUNCTIONAL_PREFIXES) {
            if (owner.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** {@code Thread.sleep}: a durable timer. */
    static boolean isThreadSleep(String owner, String name) {
        return owner.equals("java/lang/Thread") && name.equals("sleep");
    }
}
