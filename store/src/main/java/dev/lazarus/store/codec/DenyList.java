package dev.lazarus.store.codec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Types that are live resources or runtime machinery, never data: a journaled value that reaches one fails with a
 * message naming it, instead of Kryo walking into JVM internals (and either failing with an obscure reflection error
 * deep inside {@code java.base}, or "succeeding" and replaying a dead socket).
 *
 * <p>Types are matched by name against the whole supertype hierarchy, so types of modules or libraries that are not
 * on our class path (JDBC, servlet, loggers) are recognised without loading them.
 */
final class DenyList {

    /** A match: the listed supertype that matched and why such values cannot be journaled. */
    record Denial(String listedType, String what) {
        String reason() {
            return what
                    + ", not data; journaled values must be plain data: pass what it stands for (an id, a URL, the bytes "
                    + "read) instead, or mark the field transient";
        }
    }

    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        String thread = "a thread";
        deny(thread, "java.lang.Thread", "java.lang.ThreadGroup");
        deny("a class loader", "java.lang.ClassLoader");
        deny("a process or the runtime", "java.lang.Runtime", "java.lang.Process", "java.lang.ProcessHandle");
        deny(
                "a piece of JVM reflection machinery",
                "java.lang.Module",
                "java.lang.ModuleLayer",
                "java.lang.reflect.AccessibleObject",
                "java.lang.invoke.MethodHandle",
                "java.lang.invoke.MethodHandles$Lookup",
                "java.lang.invoke.VarHandle",
                "java.lang.reflect.InvocationHandler",
                "java.lang.instrument.Instrumentation",
                "java.lang.StackWalker");
        deny(
                "a reference object tied to the garbage collector",
                "java.lang.ref.Reference",
                "java.lang.ref.ReferenceQueue",
                "java.lang.ref.Cleaner");
        deny(
                "an open stream, reader or writer",
                "java.io.InputStream",
                "java.io.OutputStream",
                "java.io.Reader",
                "java.io.Writer",
                "java.io.RandomAccessFile",
                "java.io.FileDescriptor",
                "java.io.Console",
                "java.util.Scanner",
                "java.util.stream.BaseStream");
        deny(
                "an open channel or file system handle",
                "java.nio.channels.Channel",
                "java.nio.channels.Selector",
                "java.nio.file.FileSystem",
                "java.nio.file.WatchService",
                "java.nio.file.DirectoryStream",
                "java.nio.file.FileStore",
                "java.nio.file.spi.FileSystemProvider");
        deny("a buffer (possibly direct or memory-mapped memory)", "java.nio.Buffer");
        deny(
                "a network connection or client",
                "java.net.Socket",
                "java.net.ServerSocket",
                "java.net.DatagramSocket",
                "java.net.URLConnection",
                "java.net.http.HttpClient",
                "java.net.http.WebSocket",
                "java.net.SocketImpl",
                "javax.net.SocketFactory",
                "javax.net.ServerSocketFactory",
                "javax.net.ssl.SSLContext",
                "javax.net.ssl.SSLSession",
                "javax.net.ssl.SSLEngine");
        deny(
                "a database connection or resource",
                "java.sql.Connection",
                "java.sql.Statement",
                "java.sql.ResultSet",
                "javax.sql.DataSource",
                "javax.sql.PooledConnection",
                "javax.sql.RowSet",
                "jakarta.persistence.EntityManager",
                "javax.persistence.EntityManager",
                "jakarta.persistence.EntityManagerFactory",
                "javax.persistence.EntityManagerFactory",
                "org.hibernate.Session",
                "org.hibernate.SessionFactory");
        deny(
                "an executor, scheduler or pending task",
                "java.util.concurrent.Executor",
                "java.util.concurrent.Future",
                "java.util.concurrent.CompletionStage",
                "java.util.Timer",
                "java.util.TimerTask");
        deny(
                "a lock or synchronizer (its state belongs to the threads of this process)",
                "java.util.concurrent.locks.Lock",
                "java.util.concurrent.locks.ReadWriteLock",
                "java.util.concurrent.locks.Condition",
                "java.util.concurrent.CountDownLatch",
                "java.util.concurrent.Semaphore",
                "java.util.concurrent.CyclicBarrier",
                "java.util.concurrent.Phaser",
                "java.util.concurrent.locks.AbstractQueuedSynchronizer");
        deny(
                "a logger",
                "java.util.logging.Logger",
                "java.util.logging.Handler",
                "java.lang.System$Logger",
                // joined at run time: the agent jar relocates its own SLF4J and the shade plugin would rewrite
                // a constant naming it, so the application's SLF4J logger would no longer be recognised
                String.join(".", "org", "slf4j", "Logger"),
                "org.apache.logging.log4j.Logger",
                "org.apache.log4j.Logger",
                "org.apache.commons.logging.Log");
        deny(
                "a servlet request, response or session",
                "javax.servlet.ServletRequest",
                "javax.servlet.ServletResponse",
                "javax.servlet.http.HttpSession",
                "jakarta.servlet.ServletRequest",
                "jakarta.servlet.ServletResponse",
                "jakarta.servlet.http.HttpSession");
        deny(
                "an application context or container",
                "org.springframework.context.ApplicationContext",
                "org.springframework.beans.factory.BeanFactory");
    }

    private static void deny(String what, String... typeNames) {
        for (String name : typeNames) {
            TYPES.put(name, what);
        }
    }

    private DenyList() {}

    /**
     * Whether values of {@code type} must be refused.
     *
     * @param type the concrete class of a value
     * @return the denial, or {@code null} if the type may be journaled
     */
    static Denial match(Class<?> type) {
        // Arrays and primitives are containers or data; their element types are checked when elements are written.
        if (type.isArray() || type.isPrimitive()) {
            return null;
        }
        Deque<Class<?>> pending = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> current = pending.poll();
            if (!seen.add(current)) {
                continue;
            }
            String what = TYPES.get(current.getName());
            if (what != null) {
                return new Denial(current.getName(), what);
            }
            if (current.getSuperclass() != null) {
                pending.add(current.getSuperclass());
            }
            for (Class<?> i : current.getInterfaces()) {
                pending.add(i);
            }
        }
        return null;
    }
}
