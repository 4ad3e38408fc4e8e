package dev.lazarus;

/**
 * Replay found the code asking for something other than what the journal recorded at that
 * position: the durable method changed between the crash and the restart, or it depends on state
 * that is not journaled. The execution becomes {@code DIVERGED}, is kept, and is tried again at the
 * next start, so deploying fixed code (or guarding the change with {@link Lazarus#patched(String)})
 * resumes it.
 */
public class NonDeterminismException extends LazarusException {
    private static final long serialVersionUID = 1L;

    /** The stable code of this error. */
    public static final String CODE = "LAZ-301";

    /** @param message both call sites (file:line) and the journal position */
    public NonDeterminismException(String message) {
        super(CODE, message);
    }
}
