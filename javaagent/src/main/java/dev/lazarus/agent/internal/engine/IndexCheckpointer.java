package dev.lazarus.agent.internal.engine;

import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.StoredRecord;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.slf4j.Logger;

/**
 * Writes the index's checkpoint ({@link IndexCheckpoint}) now and then on a daemon thread, and when the process stops
 * gracefully, so that the next start reads the checkpoint and scans only what came after it (or after the oldest
 * unfinished execution). A checkpoint is written only once the records it covers are durable: one that covered a
 * record a power cut then took away would describe a journal that does not exist.
 */
final class IndexCheckpointer implements AutoCloseable {
    /** How long a checkpoint waits for the records it covers to be durable before it gives up until the next time. */
    private static final long DURABLE_WAIT_NANOS = 2_000_000_000L;

    private final JournalLog journal;
    private final ExecutionIndex index;
    private final Logger log;
    private long written;
    private volatile boolean closed;
    private Thread thread;

    IndexCheckpointer(JournalLog journal, ExecutionIndex index, Logger log, long alreadyCovered) {
        this.journal = journal;
        this.index = index;
        this.log = log;
        this.written = alreadyCovered;
    }

    /** Starts writing a checkpoint every {@code intervalMillis} while records were appended since the last one. */
    void start(long intervalMillis) {
        thread = new Thread(
                () -> {
                    while (!closed) {
                        LockSupport.parkNanos(intervalMillis * 1_000_000L);
                        if (!closed) {
                            writeNow();
                        }
                    }
                },
                "lazarus-index-checkpoint");
        thread.setDaemon(true); // the application must be able to exit without stopping it
        thread.start();
    }

    /**
     * Writes a checkpoint if records were applied since the last one.
     *
     * @return whether one was written
     */
    synchronized boolean writeNow() {
        ExecutionIndex.Snapshot s = index.snapshot();
        long lsn = s.appliedLsn();
        if (lsn == 0 || lsn == written) {
            return false;
        }
        long deadline = System.nanoTime() + DURABLE_WAIT_NANOS;
        while (journal.durableLsn() < lsn) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        try {
            Optional<StoredRecord> at = journal.read(lsn);
            IndexCheckpoint.write(
                    journal.directory(), s, at.map(r -> crcOf(r.payload())).orElse(0L));
            written = lsn;
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "LAZ-109: could not write the index checkpoint {} in {} ({}); the next start scans the journal"
                            + " instead",
                    IndexCheckpoint.FILE,
                    journal.directory(),
                    e.toString());
            return false;
        }
    }

    static long crcOf(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return crc.getValue();
    }

    /** Stops the thread and writes a last checkpoint (a graceful stop: the next start reads almost nothing). */
    @Override
    public void close() {
        writeNow();
        stop();
    }

    /** Stops the thread without writing (the process is going away as if killed). */
    void stop() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
