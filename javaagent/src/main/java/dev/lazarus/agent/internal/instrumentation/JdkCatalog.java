package dev.lazarus.agent.internal.instrumentation;

import java.util.Set;

/**
 * What the JDK's own classes are, for the transparency rule: sources of non-determinism and I/O
 * (journaled whatever the receiver), logging (replay-silent), and everything else (deterministic,
 * recomputed). Application classes are never listed here: they are classified by where their receiver
 * comes from.
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

    /** Single JDK I/O classes whose calls are journaled. */
    private static final Set<String> IO_TYPES = Set.of(
            "java/nio/file/Files",
            "java/lang/Process",
            "java/lang/ProcessBuilder",
            "java/lang/ProcessHandle",
            "java/net/Socket",
            "java/net/ServerSocket",
            "java/net/URLConnection",
            "java/net/HttpURLConnection",
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
