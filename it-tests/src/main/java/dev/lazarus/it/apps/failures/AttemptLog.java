package dev.lazarus.it.apps.failures;

import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The flaky services' memory, kept in the outside world: each real attempt of an operation is one ledger
 * line {@code attempt <op> -> n=<n> key=<stepKey> pid=<pid> t=<epoch millis>}, where {@code n} counts the
 * attempts of {@code op} the ledger already holds, across processes. So a service that "fails the first
 * two attempts" does so however many processes those attempts are spread over, the way a remote API
 * that is down for a while would.
 */
public final class AttemptLog {
    private static final Object LOCK = new Object();
    private final Ledger ledger;
    private final Path file;

    public AttemptLog(Ledger ledger) {
        this.ledger = ledger;
        this.file = Paths.get(System.getProperty("it.ledger"));
    }

    /** Records one real attempt of {@code op} and returns its number (1 for the first, ever). */
    public int attempt(String op) {
        synchronized (LOCK) {
            int n = previous(op) + 1;
            ledger.append(
                    "attempt",
                    op,
                    "n=" + n + " key=" + Lazarus.stepKey() + " pid=" + pid() + " t=" + System.currentTimeMillis());
            return n;
        }
    }

    private int previous(String op) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            String prefix = "attempt " + op + " -> ";
            return (int) Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(prefix))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }
}
