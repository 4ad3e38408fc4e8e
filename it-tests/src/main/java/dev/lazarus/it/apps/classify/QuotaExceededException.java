package dev.lazarus.it.apps.classify;

/** An application exception type that a journaled call throws; replay must rethrow this very type. */
public class QuotaExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QuotaExceededException(String message) {
        super(message);
    }
}
