package dev.lazarus.store.log;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link JournalLog}. Start from {@link #defaults()} and change what you need
 * with the {@code with...} methods, each of which returns a new instance.
 */
public final class LogOptions {
    /** The smallest segment size accepted; smaller would roll over on nearly every batch. */
    public static final long MIN_SEGMENT_SIZE = 1024;
    /** The largest segment size accepted; larger segments make recovery and compaction coarse. */
    public static final long MAX_SEGMENT_SIZE = 1L << 30;

    private static final LogOptions DEFAULTS =
            new LogOptions(Durability.FSYNC, 64L << 20, Duration.ofMillis(50), LogFileOpener.standard());

    private final Durability durability;
    private final long segmentSize;
    private final Duration syncInterval;
    private final LogFileOpener fileOpener;

    private LogOptions(Durability durability, long segmentSize, Duration syncInterval, LogFileOpener fileOpener) {
        this.durability = durability;
        this.segmentSize = segmentSize;
        this.syncInterval = syncInterval;
        this.fileOpener = fileOpener;
    }

    /**
     * @return {@link Durability#FSYNC}, 64 MiB segments, a 50 ms background sync interval (used by
     *     {@link Durability#PROCESS} and {@link Durability#ASYNC}), and the standard file opener
     */
    public static LogOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param d how durable a record is when {@code append} returns
     * @return a copy with that durability
     */
    public LogOptions withDurability(Durability d) {
        return new LogOptions(Objects.requireNonNull(d, "durability"), segmentSize, syncInterval, fileOpener);
    }

    /**
     * @param bytes the size past which the writer rolls over to a new segment file, between
     *     {@link #MIN_SEGMENT_SIZE} and {@link #MAX_SEGMENT_SIZE}; a segment may exceed it by one batch
     * @return a copy with that segment size
     */
    public LogOptions withSegmentSize(long bytes) {
        if (bytes < MIN_SEGMENT_SIZE || bytes > MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException(
                    "segment size " + bytes + " is outside [" + MIN_SEGMENT_SIZE + ", " + MAX_SEGMENT_SIZE + "]");
        }
        return new LogOptions(durability, bytes, syncInterval, fileOpener);
    }

    /**
     * @param d the longest a written record waits for its background sync in {@link Durability#PROCESS}
     *     mode, and for its write and sync in {@link Durability#ASYNC} mode; at least 1 ms
     * @return a copy with that interval
     */
    public LogOptions withSyncInterval(Duration d) {
        Objects.requireNonNull(d, "syncInterval");
        if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("sync interval " + d + " is outside [1 ms, 1 h]");
        }
        return new LogOptions(durability, segmentSize, d, fileOpener);
    }

    /**
     * @param opener how segment files are opened; the seam for fault injection (see {@link LogFileOpener})
     * @return a copy with that opener
     */
    public LogOptions withFileOpener(LogFileOpener opener) {
        return new LogOptions(durability, segmentSize, syncInterval, Objects.requireNonNull(opener, "opener"));
    }

    /** @return how durable a record is when {@code append} returns */
    public Durability durability() {
        return durability;
    }

    /** @return the size past which the writer rolls over to a new segment file */
    public long segmentSize() {
        return segmentSize;
    }

    /** @return the background sync interval of {@link Durability#PROCESS} and {@link Durability#ASYNC} */
    public Duration syncInterval() {
        return syncInterval;
    }

    /** @return how segment files are opened */
    public LogFileOpener fileOpener() {
        return fileOpener;
    }

    /** @return the settings, for logs */
    @Override
    public String toString() {
        return "LogOptions[durability=" + durability + ", segmentSize=" + segmentSize + ", syncInterval=" + syncInterval
                + "]";
    }
}
