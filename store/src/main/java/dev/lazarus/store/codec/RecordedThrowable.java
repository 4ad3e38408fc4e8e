package dev.lazarus.store.codec;

import java.util.Objects;

/**
 * Stands in for a recorded exception whose class can no longer be rebuilt: the class is gone from the application
 * (renamed, moved, dependency removed), is no longer a {@link Throwable}, or cannot be instantiated.
 *
 * <p>Replay must still throw <em>something</em> at the point where the original call threw, and that something should
 * tell the user what was recorded. So its message is the original's {@code toString()} (original class name, then
 * the original message), and it carries the original stack trace, cause and suppressed exceptions. Code that
 * catches the original type will not catch it; that cannot be helped once the type is gone.
 *
 * <p>Encoding a {@code RecordedThrowable} again records the original class name and message, not this class, so a
 * later process where the class is back rebuilds the original exception.
 */
public final class RecordedThrowable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;
    private final String originalMessage;

    private RecordedThrowable(String originalClassName, String originalMessage) {
        // The message reads like the original's toString(), which is what a log line would have shown.
        super(originalMessage == null ? originalClassName : originalClassName + ": " + originalMessage);
        this.originalClassName = originalClassName;
        this.originalMessage = originalMessage;
    }

    /**
     * Creates the stand-in for a recorded exception. Stack trace, cause and suppressed exceptions are set by the
     * caller through the public {@link Throwable} API.
     *
     * @param originalClassName binary name of the recorded exception's class
     * @param originalMessage the recorded exception's message, may be {@code null}
     * @return a new stand-in
     */
    public static RecordedThrowable of(String originalClassName, String originalMessage) {
        return new RecordedThrowable(Objects.requireNonNull(originalClassName, "originalClassName"), originalMessage);
    }

    /**
     * The binary name of the class of the exception that was recorded, e.g. {@code com.acme.PaymentDeclinedException}.
     *
     * @return the original class name
     */
    public String originalClassName() {
        return originalClassName;
    }

    /**
     * The message of the exception that was recorded.
     *
     * @return the original message, or {@code null} if it had none
     */
    public String originalMessage() {
        return originalMessage;
    }
}
