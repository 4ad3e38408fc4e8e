package dev.lazarus.examples.enrichment;

/** The enrichment API's "429 Too Many Requests": worth retrying after a pause. */
public class RateLimitedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what the API said */
    public RateLimitedException(String message) {
        super(message);
    }
}
