package dev.lazarus.it.apps.failures;

/** A failure worth retrying (a timeout, a 503). */
public class TransientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransientException(String message) {
        super(message);
    }
}
