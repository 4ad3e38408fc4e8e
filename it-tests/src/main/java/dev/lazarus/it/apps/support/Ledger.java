package dev.lazarus.it.apps.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * What the outside world saw: the test apps' services append one line per real side effect to this
 * file (path in the system property {@code it.ledger}), synced before the call returns, so a line
 * survives a SIGKILL right after it. The test reads the file; it never looks at the journal.
 *
 * <p>Line format: {@code <operation> <argument> -> <value>}; operation and argument have no spaces.
 */
public final class Ledger {
    private static final Object LOCK = new Object();
    private final Path file;

    public Ledger(Path file) {
        this.file = file;
    }

    /** @return the ledger named by the system property {@code it.ledger} */
    public static Ledger fromSystemProperty() {
        String path = System.getProperty("it.ledger");
        if (path == null) {
            throw new IllegalStateException("system property it.ledger is not set");
        }
        return new Ledger(Paths.get(path));
    }

    /** Appends {@code operation argument -> value} and syncs it to disk. */
    public void append(String operation, String argument, String value) {
        String line = operation + " " + argument + " -> " + value.replace('\n', ' ') + "\n";
        synchronized (LOCK) {
            try (FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Polls the ledger until a line starting with {@code prefix} appears.
     *
     * @return the line, or {@code null} on timeout
     */
    public String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                try {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    for (String l : lines) {
                        if (l.startsWith(prefix)) {
                            return l;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Thread.sleep(25);
        }
        return null;
    }
}
