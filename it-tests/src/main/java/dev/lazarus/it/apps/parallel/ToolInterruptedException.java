package dev.lazarus.it.apps.parallel;

/** A lookup was interrupted while it waited for the tool server (its future was cancelled, or it lost a race). */
public final class ToolInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param topic the topic whose lookup was interrupted */
    public ToolInterruptedException(String topic) {
        super("lookup of " + topic + " interrupted");
    }
}
