package dev.lazarus.store.log;

import static dev.lazarus.store.log.SegmentFormat.MAX_PAYLOAD;
import static dev.lazarus.store.log.SegmentFormat.RECORD_HEADER_SIZE;
import static dev.lazarus.store.log.SegmentFormat.SEGMENT_HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * A journal: an append-only log of self-checking records in segment files in one directory (see
 * {@link SegmentFormat} for the layout). Records are a type byte and payload bytes; what they mean is
 * the engine's business.
 *
 * <h2>Writing</h2>
 * Appenders frame their record (length, type, lsn, CRC32C) straight into the pending batch under a
 * short lock that covers no I/O. Whoever holds the <em>flush token</em> does the journal's I/O, one holder
 * at a time: it swaps the pending batch for an empty one, writes it with one {@code write} and, in
 * {@link Durability#FSYNC} mode, syncs it with one {@code fsync} before it wakes the batch's appenders.
 * In {@code FSYNC} and {@link Durability#PROCESS} mode the token goes to an appender (leader/follower
 * group commit): an appender that finds it free takes it and writes its own record at once, with no
 * thread hand-off; appenders that arrive while a holder writes or syncs join the next batch and park;
 * when the holder is done it passes the token to one of them, which then writes that whole batch. So a
 * lone appender pays one write (and one sync) and nothing else, and concurrent appenders share each
 * sync. A daemon thread ({@code lazarus-journal-writer}) takes the token for what no appender waits for:
 * the batches of {@link Durability#ASYNC} mode, the background sync of {@code PROCESS} mode, and the
 * last write at {@link #close}. A failed write or sync stops the journal for good (fail-stop, code
 * {@code LAZ-104}); a failed sync is never retried.
 *
 * <p>Because appenders' own threads write, the file is a {@link DescriptorLogFile}, whose I/O an
 * interrupt of that thread cannot abort (a {@code FileChannel} would be closed by it).
 *
 * <h2>Opening</h2>
 * {@link #open} takes the directory's lock, reads every record into a visitor, truncates a torn tail of
 * the newest segment (reported by {@link #recovery()}), refuses corruption with a
 * {@link JournalCorruptException}, and starts the writer.
 */
public final class JournalLog implements AutoCloseable {
    /** The largest payload {@link #append} accepts (64 MiB). */
    public static final int MAX_RECORD_SIZE = MAX_PAYLOAD;

    private static final String WRITER_NAME = "lazarus-journal-writer";
    private static final int BATCH_INITIAL = 256 * 1024;
    /**
     * A batch buffer grown past this (by a large record or a burst behind a slow disk) is replaced by a
     * small one once written; below it the grown buffer is kept, so sustained load does not reallocate.
     */
    private static final int BATCH_SHRINK = 4 << 20;
    /** In ASYNC mode the writer does not wait for the sync interval once this much is pending. */
    private static final int FLUSH_THRESHOLD = 1 << 20;
    /** Appenders wait (backpressure) while this much is pending and the writer is busy. */
    private static final int MAX_PENDING = 16 << 20;

    // writer states, guarded by mu; appenders unpark the writer only when it is parked
    private static final int RUNNING = 0;
    private static final int PARKED_TIMED = 1;
    private static final int PARKED_IDLE = 2;

    private final Path dir;
    private final Durability durability;
    private final LogFileOpener opener;
    private final long segmentSize;
    private final long intervalNanos;
    private final JournalLock lock;
    private final RecoveryReport recovery;
    private final Thread writer;

    private final ReentrantLock mu = new ReentrantLock();
    private final Condition notFull = mu.newCondition();
    // --- guarded by mu
    private final CRC32C crc = new CRC32C();
    private Batch current = new Batch();
    /** The empty batch the next token holder swaps in; null while a holder has the other one out. */
    private Batch spare = new Batch();

    private long nextLsn;
    /** The flush token: whoever set it does the journal's I/O until it clears it ({@link #release}). */
    private boolean flushing;
    /** The writer thread has work that needs the token (a due sync, close) and waits for its release. */
    private boolean writerWantsToken;

    private int writerState = RUNNING;
    private boolean closing;
    private int fullWaiters;
    // --- published by the token holder
    private volatile long writtenLsn;
    private volatile long durableLsn;
    private volatile JournalException failure;
    // --- the token holder only (handed from holder to holder under mu), and open/close before start / after join
    private LogFile file;
    private long segmentNumber;
    private Path segmentPath;
    private long segmentBytes;
    private boolean unsynced;
    private long syncDeadline;
    private final ByteBuffer[] one = new ByteBuffer[1];
    private boolean closed; // guarded by closeLock
    private final Object closeLock = new Object();

    private JournalLog(
            Path dir,
            LogOptions options,
            JournalLock lock,
            RecoveryReport recovery,
            LogFile file,
            long segmentNumber,
            long segmentBytes,
            long lastLsn) {
        this.dir = dir;
        this.durability = options.durability();
        this.opener = options.fileOpener();
        this.segmentSize = options.segmentSize();
        this.intervalNanos = options.syncInterval().toNanos();
        this.lock = lock;
        this.recovery = recovery;
        this.file = file;
        this.segmentNumber = segmentNumber;
        this.segmentPath = SegmentFormat.segmentPath(dir, segmentNumber);
        this.segmentBytes = segmentBytes;
        this.nextLsn = lastLsn + 1;
        this.writtenLsn = lastLsn;
        this.durableLsn = lastLsn;
        this.writer = new Thread(this::runWriter, WRITER_NAME);
        writer.setDaemon(true); // the application must be able to exit without closing the journal
    }

    /**
     * Opens the journal in {@code dir}, creating it if needed (directory rwx------, files rw-------), takes
     * its lock, scans every record in order into {@code visitor}, truncates a torn tail of the newest
     * segment (see {@link #recovery()}), and starts the writer thread.
     *
     * <p>The visitor runs on the calling thread before this method returns. If the scan then finds
     * corruption, this method throws and the visitor has seen a prefix of the log: discard what it built.
     *
     * @param dir the journal directory
     * @param options durability, segment size, sync interval and file opener
     * @param visitor receives every valid record in lsn order
     * @return the open journal, ready for {@link #append}
     * @throws JournalLockedException if another process or another open instance owns the journal
     * @throws JournalCorruptException if a record or segment is damaged in a way a crash cannot explain
     * @throws JournalException ({@code LAZ-101}) if the directory or a file cannot be created or read
     */
    public static JournalLog open(Path dir, LogOptions options, RecordVisitor visitor) throws JournalException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(visitor, "visitor");
        Path d = dir.toAbsolutePath().normalize();
        try {
            Fs.ensureDirectory(d);
        } catch (IOException e) {
            throw new JournalException(
                    JournalException.IO,
                    "cannot create journal directory " + d + ": " + e + "; check the path and its permissions",
                    e);
        }
        JournalLock lock = JournalLock.acquire(d);
        LogFile file = null;
        try {
            SegmentScanner.Result r = SegmentScanner.scan(d, visitor);
            LogFileOpener opener = options.fileOpener();
            long number;
            long bytes;
            if (r.torn != null && r.tornHeader) {
                // a crash while creating this segment: nothing in it was ever acknowledged
                Files.delete(r.torn.file());
                opener.syncDirectory(d);
            }
            if (r.newestNumber == 0) {
                number = 1;
                file = createSegment(opener, d, number, 1);
                bytes = SEGMENT_HEADER_SIZE;
            } else {
                number = r.newestNumber;
                Path path = SegmentFormat.segmentPath(d, number);
                file = opener.open(path, false);
                if (r.torn != null && !r.tornHeader) {
                    file.truncate(r.torn.offset());
                    // make the cut durable before new records land where the torn bytes were
                    file.force(true);
                }
                bytes = file.size();
            }
            JournalLog log = new JournalLog(d, options, lock, r.report(), file, number, bytes, r.lastLsn);
            log.writer.start();
            return log;
        } catch (IOException e) {
            closeQuietly(file);
            lock.close();
            throw new JournalException(
                    JournalException.IO,
                    "cannot open journal " + d + ": " + e + "; check the directory's permissions and free space",
                    e);
        } catch (RuntimeException | Error e) {
            closeQuietly(file);
            lock.close();
            throw e;
        }
    }

    /**
     * Reads every record of the journal in {@code dir} into {@code visitor}, for tools (the CLI) that may
     * run while an application owns the journal. Takes no lock and never writes. A torn or still
     * incomplete tail of the newest segment (an application may be writing it right now) is skipped and
     * reported; real corruption is refused as by {@link #open}.
     *
     * @param dir the journal directory
     * @param visitor receives every valid record in lsn order
     * @return what the scan found, including a skipped tail
     * @throws JournalCorruptException if a record or segment is damaged in a way a crash cannot explain
     * @throws JournalException ({@code LAZ-101}) if there is no journal at {@code dir} or it cannot be read
     */
    public static RecoveryReport scan(Path dir, RecordVisitor visitor) throws JournalException {
        Objects.requireNonNull(visitor, "visitor");
        return SegmentScanner.scan(existingJournal(dir), visitor).report();
    }

    /**
     * {@link #scan(Path, RecordVisitor)}, telling the visitor the segment file and byte offset of each record,
     * for tools that report where a record is.
     *
     * @param dir the journal directory
     * @param visitor receives every valid record in lsn order, with its place
     * @return what the scan found, including a skipped tail
     * @throws JournalCorruptException if a record or segment is damaged in a way a crash cannot explain
     * @throws JournalException ({@code LAZ-101}) if there is no journal at {@code dir} or it cannot be read
     */
    public static RecoveryReport scan(Path dir, LocatedRecordVisitor visitor) throws JournalException {
        Objects.requireNonNull(visitor, "visitor");
        return SegmentScanner.scan(existingJournal(dir), visitor).report();
    }

    private static Path existingJournal(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path d = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            throw new JournalException(
                    JournalException.IO, "there is no journal at " + d + "; check the journal directory setting");
        }
        return d;
    }

    /**
     * Appends one record and returns its lsn once the record is as durable as the journal's
     * {@link Durability} asks. Thread-safe; meant to be called by many threads at once. In {@code FSYNC}
     * and {@code PROCESS} mode the calling thread may itself write (and sync) the batch its record is in,
     * as the group commit's leader (see the class description). If the calling thread is interrupted, it
     * still waits for its record (which can no longer be taken back) and returns with its interrupt status
     * set; an interrupt never aborts the journal's I/O.
     *
     * @param type the record type, meaningful to the engine
     * @param payload the record payload, at most {@link #MAX_RECORD_SIZE} bytes; not copied before framing,
     *     so do not change it during the call
     * @return the record's lsn, one more than the lsn of the record appended before it
     * @throws JournalException {@code LAZ-104} if the journal stopped after an I/O error (this record may or
     *     may not be on disk; the process must restart), {@code LAZ-105} if it is closed, {@code LAZ-106} if
     *     the payload is too large
     */
    public long append(byte type, byte[] payload) throws JournalException {
        int length = payload.length; // NullPointerException for null, as for any argument
        if (length > MAX_PAYLOAD) {
            throw new JournalException(
                    JournalException.TOO_LARGE,
                    "a record of " + length + " bytes for journal " + dir + " is larger than the maximum of "
                            + MAX_PAYLOAD + " bytes; store large values elsewhere");
        }
        JournalException f = failure;
        if (f != null) {
            throw stopped(f);
        }
        final long lsn;
        boolean wakeWriter = false;
        boolean lead = false;
        final ReentrantLock mu = this.mu;
        mu.lock();
        try {
            Batch b = current;
            int frame = RECORD_HEADER_SIZE + length;
            while (b.bytes() > 0 && b.bytes() + frame > MAX_PENDING && !closing && failure == null) {
                fullWaiters++;
                try {
                    notFull.awaitUninterruptibly();
                } finally {
                    fullWaiters--;
                }
                b = current;
            }
            if (failure != null) {
                throw stopped(failure);
            }
            if (closing) {
                throw new JournalException(
                        JournalException.CLOSED,
                        "the journal at " + dir
                                + " is closed; no more records can be appended (the application is shutting down)");
            }
            lsn = nextLsn++;
            if (durability == Durability.ASYNC) {
                if (b.count == 0) {
                    b.firstNanos = System.nanoTime();
                }
                b.add(type, lsn, payload, crc);
                int ws = writerState;
                if (ws == PARKED_IDLE || (ws == PARKED_TIMED && b.bytes() >= FLUSH_THRESHOLD)) {
                    writerState = RUNNING;
                    wakeWriter = true;
                }
            } else {
                b.add(type, lsn, payload, crc);
                if (flushing) {
                    b.addWaiter(Thread.currentThread());
                } else {
                    flushing = true; // the token is free: write our own record now, nobody to hand it to
                    lead = true;
                }
            }
        } finally {
            mu.unlock();
        }
        if (wakeWriter) {
            LockSupport.unpark(writer);
        } else if (lead) {
            lead();
        } else if (durability != Durability.ASYNC) {
            awaitWritten(lsn, durability == Durability.FSYNC);
        }
        return lsn;
    }

    /**
     * Waits, parked, until the record {@code lsn} is written (and synced if {@code synced}). A holder
     * that releases the token wakes one appender of the next batch: that appender takes the token and
     * writes the batch, its own record included (no batch is out while the token is free, so its record
     * is still pending).
     */
    private void awaitWritten(long lsn, boolean synced) {
        boolean interrupted = false;
        try {
            while (true) {
                if ((synced ? durableLsn : writtenLsn) >= lsn) {
                    return;
                }
                JournalException f = failure;
                if (f != null) {
                    throw stopped(f);
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true; // park would return at once while the flag is set
                }
                if ((synced ? durableLsn : writtenLsn) < lsn && tryTakeToken()) {
                    lead();
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean tryTakeToken() {
        mu.lock();
        try {
            if (flushing || failure != null || current.count == 0) {
                return false;
            }
            flushing = true;
            return true;
        } finally {
            mu.unlock();
        }
    }

    /**
     * Writes (and in FSYNC mode syncs) the pending batch as the token holder, on the appender's own
     * thread, then releases the token. The batch holds the caller's record, so it is durable on return.
     */
    private void lead() {
        Batch b;
        mu.lock();
        try {
            b = takeCurrent();
        } finally {
            mu.unlock();
        }
        try {
            writeBatch(b);
        } catch (Throwable t) {
            throw stopped(fail(t, b));
        }
        release(b);
    }

    /** A fresh exception per caller, so each stack trace shows where that append was made. */
    private static JournalException stopped(JournalException f) {
        return new JournalException(f.code(), f.detail(), f);
    }

    /** @return the journal directory (absolute) */
    public Path directory() {
        return dir;
    }

    /** @return what opening found: record and segment counts, the last lsn, and a truncated torn tail if any */
    public RecoveryReport recovery() {
        return recovery;
    }

    /**
     * Writes and syncs what is pending (in every durability mode), stops the writer thread and releases
     * the lock. Appends after (or racing with) close fail with {@code LAZ-105}. Closing again has no effect.
     * If the journal had already stopped after an I/O error, nothing more is written or synced (a failed
     * sync is never retried) and the earlier failure is not thrown again.
     *
     * @throws JournalException {@code LAZ-104} if the final write or sync fails (the lock is released anyway)
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            JournalException before = failure;
            mu.lock();
            try {
                closing = true;
                if (fullWaiters > 0) {
                    notFull.signalAll();
                }
                writerState = RUNNING;
            } finally {
                mu.unlock();
            }
            LockSupport.unpark(writer);
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the pending records must still reach the disk
                }
            }
            closeQuietly(file);
            file = null;
            lock.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            JournalException after = failure;
            if (after != null && before == null) {
                throw stopped(after);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // the flush token and the writer thread

    /** Swaps the pending batch for the spare; the caller holds mu and the token. */
    private Batch takeCurrent() {
        Batch b = current;
        current = spare;
        spare = null;
        if (fullWaiters > 0) {
            notFull.signalAll();
        }
        return b;
    }

    /**
     * Gives the token up: returns the written batch {@code b} (or null) as the spare, wakes one appender
     * of the next batch to write it, and wakes the writer thread if it waits for the token or must sync
     * {@code PROCESS} mode's writes in the background.
     */
    private void release(Batch b) {
        if (b != null) {
            b.reset();
        }
        Thread next = null;
        boolean wakeWriter = false;
        mu.lock();
        try {
            if (b != null) {
                spare = b;
            }
            flushing = false;
            Batch c = current;
            if (c.waiterCount > 0) {
                next = c.waiters[0];
            }
            if (writerWantsToken || (unsynced && writerState == PARKED_IDLE)) {
                writerWantsToken = false;
                writerState = RUNNING;
                wakeWriter = true;
            }
        } finally {
            mu.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next);
        }
        if (wakeWriter) {
            LockSupport.unpark(writer);
        }
    }

    private void runWriter() {
        while (true) {
            Batch b = null;
            boolean hold = false;
            long parkNanos = -1;
            mu.lock();
            try {
                writerState = RUNNING;
                if (failure != null) {
                    return;
                }
                Batch c = current;
                long now = System.nanoTime();
                boolean writeDue = c.count > 0
                        && (closing
                                || (durability == Durability.ASYNC
                                        && (c.bytes() >= FLUSH_THRESHOLD || c.firstNanos + intervalNanos - now <= 0)));
                // unsynced and syncDeadline belong to the token holder: read only while the token is free
                boolean syncDue = !flushing && unsynced && (closing || syncDeadline - now <= 0);
                if (writeDue || syncDue || (closing && flushing)) {
                    if (flushing) {
                        writerWantsToken = true; // the holder's release wakes us
                    } else {
                        flushing = true;
                        hold = true;
                        if (writeDue) {
                            b = takeCurrent();
                        }
                    }
                } else if (closing) {
                    return; // nothing pending, nothing unsynced, nobody holding the token
                } else {
                    if (durability == Durability.ASYNC && c.count > 0) {
                        parkNanos = c.firstNanos + intervalNanos - now;
                    }
                    if (!flushing && unsynced) {
                        long wait = syncDeadline - now;
                        parkNanos = parkNanos < 0 ? wait : Math.min(parkNanos, wait);
                    }
                }
                if (!hold) {
                    writerState = parkNanos < 0 ? PARKED_IDLE : PARKED_TIMED;
                }
            } finally {
                mu.unlock();
            }
            if (hold) {
                try {
                    if (b != null) {
                        writeBatch(b);
                    } else {
                        syncNow();
                    }
                } catch (Throwable t) {
                    fail(t, b);
                    return;
                }
                release(b);
            } else if (parkNanos < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, parkNanos);
            }
        }
    }

    private void writeBatch(Batch b) throws IoFailure {
        if (segmentBytes >= segmentSize) {
            roll(b.firstLsn);
        }
        ByteBuffer buf = b.buf;
        buf.flip();
        one[0] = buf;
        try {
            file.write(one);
        } catch (IOException e) {
            throw new IoFailure("writing", segmentPath, e);
        }
        segmentBytes += buf.limit();
        writtenLsn = b.lastLsn;
        if (durability == Durability.PROCESS) {
            long now = System.nanoTime();
            if (!unsynced) {
                unsynced = true;
                syncDeadline = now + intervalNanos;
            } else if (now - syncDeadline >= 0) {
                // under sustained load there is always a next batch, so the idle path would never sync:
                // sync here, after this batch's waiters were released (PROCESS asks only for the write)
                b.wakeWaiters();
                syncNow();
                return;
            }
        } else {
            try {
                file.force(false);
            } catch (IOException e) {
                throw new IoFailure("syncing (fsync)", segmentPath, e);
            }
            durableLsn = b.lastLsn;
        }
        b.wakeWaiters();
    }

    private void syncNow() throws IoFailure {
        long upTo = writtenLsn;
        unsynced = false;
        try {
            file.force(false);
        } catch (IOException e) {
            throw new IoFailure("syncing (fsync)", segmentPath, e);
        }
        durableLsn = upTo;
    }

    /**
     * Starts the next segment. The old segment is synced first (PROCESS mode may have unsynced bytes in
     * it); the new one is forced with its header and the directory synced before any record goes in, so
     * after a crash a segment either has a complete header or held nothing that was acknowledged.
     */
    private void roll(long firstLsn) throws IoFailure {
        if (unsynced) {
            syncNow();
        }
        LogFile old = file;
        file = null;
        try {
            old.close();
        } catch (IOException e) {
            throw new IoFailure("closing", segmentPath, e);
        }
        segmentNumber++;
        segmentPath = SegmentFormat.segmentPath(dir, segmentNumber);
        try {
            file = createSegment(opener, dir, segmentNumber, firstLsn);
        } catch (IOException e) {
            throw new IoFailure("creating", segmentPath, e);
        }
        segmentBytes = SEGMENT_HEADER_SIZE;
    }

    private static LogFile createSegment(LogFileOpener opener, Path dir, long number, long firstLsn)
            throws IOException {
        LogFile f = opener.open(SegmentFormat.segmentPath(dir, number), true);
        try {
            f.write(SegmentFormat.encodeHeader(number, firstLsn));
            f.force(true);
            opener.syncDirectory(dir);
            return f;
        } catch (IOException | RuntimeException e) {
            closeQuietly(f);
            throw e;
        }
    }

    /**
     * Fail-stop: remember the failure, wake everyone who waits (the appenders of {@code inflight}, the
     * batch the failed holder had out, and of the pending batch), and do no more I/O: the token is never
     * released, and the writer thread exits.
     *
     * @return the failure, as every later append reports it
     */
    private JournalException fail(Throwable t, Batch inflight) {
        JournalException ex = describe(t);
        Batch c;
        mu.lock();
        try {
            if (failure == null) {
                failure = ex;
            }
            ex = failure;
            c = current;
            if (fullWaiters > 0) {
                notFull.signalAll();
            }
            writerState = RUNNING;
        } finally {
            mu.unlock();
        }
        if (inflight != null) {
            inflight.wakeWaiters();
        }
        c.wakeWaiters(); // appenders check the failure under mu, so c gains no waiters from now on
        LockSupport.unpark(writer);
        return ex;
    }

    private JournalException describe(Throwable t) {
        if (t instanceof IoFailure) {
            IoFailure f = (IoFailure) t;
            IOException e = f.io;
            if (isDiskFull(e)) {
                return new JournalException(
                        JournalException.STOPPED,
                        "disk full writing " + f.path
                                + "; the journal at " + dir + " stopped after an I/O error and the process must restart"
                                + " (free disk space first)",
                        e);
            }
            return new JournalException(
                    JournalException.STOPPED,
                    "the journal at " + dir
                            + " stopped after an I/O error (" + f.what + " " + f.path + " failed: " + e
                            + "); the process must restart, a failed sync is never retried",
                    e);
        }
        return new JournalException(
                JournalException.STOPPED,
                "the journal at " + dir
                        + " stopped after an unexpected error in its writer thread (" + t
                        + "); the process must restart",
                t);
    }

    private static boolean isDiskFull(IOException e) {
        for (Throwable x = e; x != null; x = x.getCause()) {
            String m = x.getMessage();
            if (m != null) {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.contains("no space left")
                        || l.contains("enospc")
                        || l.contains("disk quota exceeded")
                        || l.contains("not enough space")
                        || l.contains("disk is full")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void closeQuietly(LogFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException ignored) {
                // nothing more to do with it
            }
        }
    }

    /** An I/O failure of the writer, with what it was doing and on which file, for the fail-stop message. */
    private static final class IoFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String what;
        final transient Path path;
        final IOException io;

        IoFailure(String what, Path path, IOException io) {
            super(what + " " + path, io, false, false);
            this.what = what;
            this.path = path;
            this.io = io;
        }
    }

    /**
     * Pending records, framed back to back in a heap buffer (written straight from its array), and the
     * threads waiting for them. Two batches alternate: appenders fill one while the token holder writes
     * the other.
     */
    private static final class Batch {
        ByteBuffer buf = ByteBuffer.allocate(BATCH_INITIAL);
        int count;
        long firstLsn;
        long lastLsn;
        long firstNanos;
        Thread[] waiters = new Thread[16];
        int waiterCount;

        int bytes() {
            return buf.position();
        }

        /** Frames one record; called under mu, which also guards the shared {@code crc}. */
        void add(byte type, long lsn, byte[] payload, CRC32C crc) {
            int frame = RECORD_HEADER_SIZE + payload.length;
            ByteBuffer b = buf;
            if (b.remaining() < frame) {
                b = grow(frame);
            }
            int start = b.position();
            b.putInt(payload.length).put(type).putLong(lsn);
            // CRC over (type, lsn) straight from the buffer, then over the payload array
            crc.reset();
            b.position(start + 4);
            b.limit(start + 13);
            crc.update(b);
            b.limit(b.capacity());
            crc.update(payload, 0, payload.length);
            b.putInt((int) crc.getValue()).put(payload);
            if (count == 0) {
                firstLsn = lsn;
            }
            lastLsn = lsn;
            count++;
        }

        private ByteBuffer grow(int frame) {
            int need = buf.position() + frame;
            // doubling keeps a burst's appends amortised O(1); backpressure keeps a batch within MAX_PENDING
            // unless one record alone is larger, which gets exactly its size
            int cap = Math.max(need, Math.min(2 * buf.capacity(), MAX_PENDING));
            ByteBuffer n = ByteBuffer.allocate(cap);
            buf.flip();
            n.put(buf);
            buf = n;
            return n;
        }

        void addWaiter(Thread t) {
            if (waiterCount == waiters.length) {
                waiters = Arrays.copyOf(waiters, waiterCount * 2);
            }
            waiters[waiterCount++] = t;
        }

        void wakeWaiters() {
            Thread[] w = waiters;
            for (int i = 0, n = waiterCount; i < n; i++) {
                LockSupport.unpark(w[i]);
                w[i] = null;
            }
            waiterCount = 0;
        }

        void reset() {
            if (buf.capacity() > BATCH_SHRINK) {
                buf = ByteBuffer.allocate(BATCH_INITIAL);
            } else {
                buf.clear();
            }
            count = 0;
        }
    }
}
