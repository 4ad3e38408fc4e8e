package dev.lazarus;

/**
 * An error raised by Lazarus, with a stable code (such as {@code LAZ-201}) that names the condition;
 * the README's troubleshooting section says what to do for each code.
 */
public class LazarusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code the stable error code, such as {@code LAZ-201}
     * @param message what happened, where, and what to do
     */
    public LazarusException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /**
     * @param code the stable error code
     * @param message what happened, where, and what to do
     * @param cause the underlying failure
     */
    public LazarusException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** @return the stable error code, such as {@code LAZ-201} */
    public String code() {
        return code;
    }
}
