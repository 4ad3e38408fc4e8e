package dev.lazarus.agent.internal.engine;

/**
 * Where the application called a Lazarus facade method ({@code File.java:42}), for the journal and for
 * messages. Facade calls are not rewritten call sites, so the engine looks at the stack — only for
 * waits, timers and events, which are rare next to journaled calls.
 */
final class CallerLocation {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallerLocation() {
    }

    static String find() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLazarus(f.getClassName()))
                .findFirst()
                .map(f -> (f.getFileName() == null ? f.getClassName() : f.getFileName()) + ":" + f.getLineNumber())
                .orElse("?"));
    }

    private static boolean isLazarus(String className) {
        return className.startsWith("dev.lazarus.agent.") || className.startsWith("dev.lazarus.internal.")
                || className.equals("dev.lazarus.Lazarus");
    }
}
