package dev.lazarus.agent.internal.engine;

import java.util.Optional;

/**
 * Where the application called a Lazarus facade method ({@code File.java:42}), for the journal and for
 * messages, and which class called it, for the loader of values exchanged outside any execution. Facade
 * calls are not rewritten call sites, so the engine looks at the stack — only for waits, timers and events,
 * which are rare next to journaled calls.
 */
final class CallerLocation {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private CallerLocation() {}

    /** @return {@code File.java:42} of the application's call, or {@code ?} */
    static String find() {
        return caller().map(
                        f -> (f.getFileName() == null ? f.getClassName() : f.getFileName()) + ":" + f.getLineNumber())
                .orElse("?");
    }

    /**
     * Where a durable body led to an effect at a boundary: the innermost frame of the durable class (or of a
     * class nested in it, where lambdas of some languages live); else, in a branch, the body's line that forked
     * it (a pool's thread running a method reference has no frame of the body); else the application's innermost
     * frame.
     *
     * @param ex the execution or branch the thread runs
     * @return {@code File.java:42}, or {@code ?}
     */
    static String inBody(Execution ex) {
        Class<?> durableClass = ex.method.owner;
        String nested = durableClass.getName() + "$";
        return WALKER.walk(frames -> frames.filter(f -> f.getDeclaringClass() == durableClass
                                || f.getClassName().startsWith(nested))
                        .findFirst())
                .map(f -> (f.getFileName() == null ? f.getClassName() : f.getFileName()) + ":" + f.getLineNumber())
                .orElseGet(() -> ex.forkedAt != null ? ex.forkedAt : find());
    }

    /** @return the application class that called the facade, or {@code null} if none is on the stack */
    static Class<?> findClass() {
        return caller().map(StackWalker.StackFrame::getDeclaringClass).orElse(null);
    }

    private static Optional<StackWalker.StackFrame> caller() {
        return WALKER.walk(
                frames -> frames.filter(f -> !isLazarus(f.getClassName())).findFirst());
    }

    private static boolean isLazarus(String className) {
        return className.startsWith("dev.lazarus.agent.")
                || className.startsWith("dev.lazarus.internal.")
                || className.equals("dev.lazarus.Lazarus");
    }
}
