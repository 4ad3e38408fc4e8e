package dev.lazarus.it.apps.failures;

/** A subclass of {@link TransientException} (a 429): `retryOn = TransientException.class` covers it. */
public class SlowDownException extends TransientException {
    private static final long serialVersionUID = 1L;

    public SlowDownException(String message) {
        super(message);
    }
}
