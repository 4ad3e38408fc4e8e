package dev.lazarus.it.apps.failures;

/** A failure outside a `retryOn` list: not retried. */
public class OtherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OtherException(String message) {
        super(message);
    }
}
