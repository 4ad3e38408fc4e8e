package dev.lazarus.it.apps.jdbc;

/**
 * A pause between statements, so that a test can kill the process at a random moment and likely hit one of
 * them rather than the start-up: a field-held service, so its call is journaled and replay does not wait again.
 * The length comes from the system property {@code it.pauseMillis} (none by default).
 */
public final class Pause {
    private static final long MILLIS = Long.getLong("it.pauseMillis", 0);

    /** Waits {@code it.pauseMillis}. */
    public void between() throws InterruptedException {
        if (MILLIS > 0) {
            Thread.sleep(MILLIS);
        }
    }
}
