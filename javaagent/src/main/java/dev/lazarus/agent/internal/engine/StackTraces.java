package dev.lazarus.agent.internal.engine;

/** Exceptions about to be journaled. */
final class StackTraces {
    private StackTraces() {}

    /**
     * Fills in the lazily captured stack trace, so that the codec records it (the JVM keeps it in a transient
     * form until someone asks for it).
     *
     * @param t an exception
     * @return the same exception
     */
    static Throwable filledIn(Throwable t) {
        t.getStackTrace();
        return t;
    }
}
