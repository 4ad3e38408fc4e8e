package dev.lazarus.store.log;

/**
 * A journal failure, with a stable code that names the condition. Codes of the journal:
 * <ul>
 *   <li>{@code LAZ-101}: the journal directory or a file in it could not be created, opened or read;</li>
 *   <li>{@code LAZ-102}: the journal is corrupt ({@link JournalCorruptException});</li>
 *   <li>{@code LAZ-103}: another process owns the journal ({@link JournalLockedException});</li>
 *   <li>{@code LAZ-104}: the journal stopped after an I/O error (a failed write or sync is fatal, never
 *       retried); the process must restart;</li>
 *   <li>{@code LAZ-105}: the journal was closed;</li>
 *   <li>{@code LAZ-106}: a record is larger than the maximum record size;</li>
 *   <li>{@code LAZ-107}: the journal was written in a format version this code does not read.</li>
 * </ul>
 * The message is one line: what happened, the path, and what to do.
 */
public class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final String IO = "LAZ-101";
    static final String CORRUPT = "LAZ-102";
    static final String LOCKED = "LAZ-103";
    static final String STOPPED = "LAZ-104";
    static final String CLOSED = "LAZ-105";
    static final String TOO_LARGE = "LAZ-106";
    static final String VERSION = "LAZ-107";

    /** The stable code, such as {@code LAZ-104}. */
    private final String code;
    /** The message without the code prefix. */
    private final String detail;

    /**
     * @param code the stable code, such as {@code LAZ-101}
     * @param message what happened, naming the path, and what to do; the code is prefixed to it
     */
    public JournalException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
        this.detail = message;
    }

    /**
     * @param code the stable code, such as {@code LAZ-101}
     * @param message what happened, naming the path, and what to do; the code is prefixed to it
     * @param cause the underlying failure
     */
    public JournalException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.detail = message;
    }

    /** @return the stable code, such as {@code LAZ-104} */
    public String code() {
        return code;
    }

    /** The message without the code prefix, to rethrow the same condition with the caller's stack. */
    String detail() {
        return detail;
    }
}
