package dev.lazarus.it.apps.failures;

/** A failure that retrying cannot fix (a 400, a revoked key): `abortOn` stops at once. */
public class FatalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FatalException(String message) {
        super(message);
    }
}
