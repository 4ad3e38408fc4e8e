package dev.lazarus.store.log;

import static dev.lazarus.store.log.SegmentFormat.MAX_PAYLOAD;
import static dev.lazarus.store.log.SegmentFormat.RECORD_HEADER_SIZE;
import static dev.lazarus.store.log.SegmentFormat.SEGMENT_HEADER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * sync. A caller with many records at hand appends them with {@link #appendUnawaited} and waits once, for the
 * last, with {@link #awaitDurable}: one write and one sync for all of them (and a batch of records nobody waits
 * for is written by the next appender that needs room, so backpressure never waits for a writer that will not
 * come). A daemon thread ({@code lazarus-journal-writer}) takes the token for what no appender waits for:
 * the batches of {@link Durability#ASYNC} mode, the background sync of {@code PROCESS} mode, and the
 * last write at {@link #close}. A failed write or sync stops the journal for good (fail-stop, code
 * {@code LAZ-104}); a failed sync is never retried. An {@link AppendListener} ({@link #onAppend}) sees each
 * record as its lsn is assigned, under the append lock, so it sees them in lsn order.
 *
 * <p>Because appenders' own threads write, the file is a {@link DescriptorLogFile}, whose I/O an
 * interrupt of that thread cannot abort (a {@code FileChannel} would be closed by it).
 *
 * <h2>Opening</h2>
 * {@link #open(Path, LogOptions, long, RecordVisitor)} takes the directory's lock, checks every segment header,
 * deletes what an interrupted compaction or roll-over left behind, reads the records from a given lsn on into a
 * visitor (the segments wholly before it are not read: opening costs what comes after that lsn), truncates a
 * torn tail of the newest segment (reported by {@link #recovery()}), refuses corruption with a
 * {@link JournalCorruptException}, and starts the writer.
 *
 * <h2>Reading and compacting</h2>
 * {@link #read(long)} finds one record by lsn and {@link #scanFrom} streams them from an lsn on, through a sparse
 * offset index per segment. {@link #compact} rewrites a run of sealed segments in place, keeping the records a
 * filter accepts with their lsns; it never takes the append lock, so appenders go on meanwhile (see
 * {@link Compactor} for its commit protocol).
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
    /**
     * A read-only scan starts over this often in a row, without reading on, if compactions change the files under
     * it, pausing longer each time ({@link #scanPauseMillis}): about six seconds in all, far longer than a
     * compaction takes to delete the files of the run it merged.
     */
    static final int SCAN_ATTEMPTS = 30;

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
    private final SegmentMap map;
    private final SegmentRecords records;
    private final Compactor compactor;
    /** One compaction at a time; never held by an appender or the writer. */
    private final ReentrantLock compactionLock = new ReentrantLock();

    private final ReentrantLock mu = new ReentrantLock();
    private final Condition notFull = mu.newCondition();
    // --- guarded by mu
    private final CRC32C crc = new CRC32C();
    private Batch current = new Batch();
    /** The empty batch the next token holder swaps in; null while a holder has the other one out. */
    private Batch spare = new Batch();

    private long nextLsn;
    private AppendListener listener;
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
    /** Set when close begins: a running compaction stops, reads are refused once close is done. */
    private volatile boolean shuttingDown;

    private volatile boolean readsClosed;
    // --- the token holder only (handed from holder to holder under mu), and open/close before start / after join
    private LogFile file;
    private Segment active;
    /** The active segment is of an older version (or compacted): roll over before the first write into it. */
    private boolean rollPending;

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
            List<Segment> live,
            boolean rollPending,
            long lastLsn) {
        this.dir = dir;
        this.durability = options.durability();
        this.opener = options.fileOpener();
        this.segmentSize = options.segmentSize();
        this.intervalNanos = options.syncInterval().toNanos();
        this.lock = lock;
        this.recovery = recovery;
        this.file = file;
        this.map = new SegmentMap(live);
        this.records = new SegmentRecords(dir, map, () -> readsClosed);
        this.compactor = new Compactor(dir, opener, map, () -> shuttingDown);
        this.active = live.get(live.size() - 1);
        this.rollPending = rollPending;
        this.segmentNumber = active.number();
        this.segmentPath = active.path;
        this.segmentBytes = active.size();
        this.nextLsn = lastLsn + 1;
        this.writtenLsn = lastLsn;
        this.durableLsn = lastLsn;
        this.writer = new Thread(this::runWriter, WRITER_NAME);
        writer.setDaemon(true); // the application must be able to exit without closing the journal
    }

    /**
     * Opens the journal in {@code dir} and reads every record into {@code visitor}: {@link #open(Path, LogOptions,
     * long, RecordVisitor)} from lsn 0.
     *
     * @param dir the journal directory
     * @param options durability, segment size, sync interval and file opener
     * @param visitor receives every valid record in lsn order
     * @return the open journal, ready for {@link #append}
     * @throws JournalLockedException if another process or another open instance owns the journal
     * @throws JournalCorruptException if a record or segment is damaged in a way a crash cannot explain
     * @throws JournalException ({@code LAZ-101}) if the directory or a file cannot be created or read,
     *     ({@code LAZ-107}) if a segment is of a newer format
     */
    public static JournalLog open(Path dir, LogOptions options, RecordVisitor visitor) throws JournalException {
        return open(dir, options, 0, visitor);
    }

    /**
     * Opens the journal in {@code dir}, creating it if needed (directory rwx------, files rw-------), takes
     * its lock, and reads the records from {@code fromLsn} on into {@code visitor}. Every segment header is
     * checked, but only the segments that hold lsns of at least {@code fromLsn} are read (and their records
     * CRC-checked): a segment wholly before it is not read at all, so opening costs what comes after that lsn.
     * What a crash left behind is repaired: a compaction's leftovers (superseded segments, {@code *.compacting}
     * files) and a newest segment whose header never became complete are deleted, a torn tail of the newest
     * segment is truncated (see {@link #recovery()}). Then the writer thread starts. If the newest segment is of
     * the first format version (or compacted), the first append rolls over to a new segment of the current
     * version.
     *
     * <p>The visitor runs on the calling thread before this method returns. If the scan then finds
     * corruption, this method throws and the visitor has seen a prefix of the log: discard what it built.
     *
     * @param dir the journal directory
     * @param options durability, segment size, sync interval and file opener
     * @param fromLsn the first lsn the visitor wants (0 or 1: every record); records of the segments read that
     *     come before it are checked but not handed over
     * @param visitor receives every valid record with an lsn of at least {@code fromLsn}, in lsn order
     * @return the open journal, ready for {@link #append}
     * @throws JournalLockedException if another process or another open instance owns the journal
     * @throws JournalCorruptException if a record or segment is damaged in a way a crash cannot explain
     * @throws JournalException ({@code LAZ-101}) if the directory or a file cannot be created or read,
     *     ({@code LAZ-107}) if a segment is of a newer format
     */
    public static JournalLog open(Path dir, LogOptions options, long fromLsn, RecordVisitor visitor)
            throws JournalException {
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
            LogFileOpener opener = options.fileOpener();
            SegmentDirectory.Listing listing = SegmentDirectory.read(d);
            boolean removed = false;
            if (listing.tornHeader != null) {
                // a crash while creating this segment: nothing in it was ever acknowledged
                opener.delete(listing.tornHeader.file());
                removed = true;
            }
            for (Path p : listing.temporaries) {
                opener.delete(p); // a compaction's output that never committed
                removed = true;
            }
            for (Path p : listing.superseded) {
                opener.delete(p); // a committed compaction's run, which the crash kept from deleting
                removed = true;
            }
            if (removed) {
                opener.syncDirectory(d);
            }
            List<Segment> live = new ArrayList<>(listing.live);
            long lastLsn;
            long records;
            TornTail torn = listing.tornHeader;
            boolean rollPending;
            if (live.isEmpty()) {
                file = createSegment(opener, d, 1, 1);
                live.add(newSegment(d, 1, 1));
                lastLsn = 0;
                records = 0;
                rollPending = false;
            } else {
                SegmentScanner.Result r = SegmentScanner.scan(live, fromLsn, 0, located(visitor));
                Segment newest = live.get(live.size() - 1);
                file = opener.open(newest.path, false);
                if (r.torn != null) {
                    file.truncate(r.torn.offset());
                    // make the cut durable before new records land where the torn bytes were
                    file.force(true);
                    torn = r.torn;
                }
                lastLsn = r.lastLsn;
                records = r.records;
                rollPending = newest.header.version() != SegmentFormat.CURRENT_VERSION || newest.compacted();
            }
            RecoveryReport report = new RecoveryReport(live.size(), records, lastLsn, Optional.ofNullable(torn));
            JournalLog log = new JournalLog(d, options, lock, report, file, live, rollPending, lastLsn);
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

    private static LocatedRecordVisitor located(RecordVisitor visitor) {
        return (segment, offset, lsn, type, payload) -> visitor.visit(lsn, type, payload);
    }

    private static Segment newSegment(Path dir, long number, long firstLsn) {
        SegmentHeader h = new SegmentHeader(number, SegmentFormat.CURRENT_VERSION, firstLsn, 0, 0);
        return new Segment(
                SegmentFormat.segmentPath(dir, number), h, SEGMENT_HEADER_SIZE, firstLsn - 1, false, new SparseIndex());
    }

    /**
     * Reads every record of the journal in {@code dir} into {@code visitor}, for tools (the CLI) that may
     * run while an application owns the journal: {@link #scan(Path, long, RecordVisitor)} from lsn 0.
     *
     * @param dir the journal directory
     * @param visitor receives every valid record in lsn order
     * @return what the scan found, including a skipped tail
     * @throws JournalCorruptException if a record or segment is damaged in a way a crash cannot explain
     * @throws JournalException ({@code LAZ-101}) if there is no journal at {@code dir} or it cannot be read
     */
    public static RecoveryReport scan(Path dir, RecordVisitor visitor) throws JournalException {
        return scan(dir, 0, visitor);
    }

    /**
     * Reads the records of the journal in {@code dir} from {@code fromLsn} on into {@code visitor}, for tools (the
     * CLI) that may run while an application owns the journal. Takes no lock and never writes. Every segment
     * header is checked; the segments that hold lsns from {@code fromLsn} on are read and checked record by
     * record. A compaction's leftovers are skipped. A torn or still incomplete tail of the newest segment (an
     * application may be writing it right now) is skipped and reported; real corruption is refused as by
     * {@link #open}. If the running application's compaction replaces files under the scan, it reads the new
     * ones from where it was, so each record is handed over once.
     *
     * @param dir the journal directory
     * @param fromLsn the first lsn the visitor wants (0 or 1: every record)
     * @param visitor receives every valid record with an lsn of at least {@code fromLsn}, in lsn order
     * @return what the scan found, including a skipped tail; its record count is of the records handed over
     * @throws JournalCorruptException if a record or segment is damaged in a way a crash cannot explain
     * @throws JournalException ({@code LAZ-101}) if there is no journal at {@code dir} or it cannot be read
     */
    public static RecoveryReport scan(Path dir, long fromLsn, RecordVisitor visitor) throws JournalException {
        Objects.requireNonNull(visitor, "visitor");
        return scanReadOnly(existingJournal(dir), fromLsn, located(visitor), ScanPacing.SLEEP);
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
        return scanReadOnly(existingJournal(dir), 0, visitor, ScanPacing.SLEEP);
    }

    /** How a read-only scan waits before it starts over; tests pass their own to act between attempts. */
    interface ScanPacing {
        /** Sleeps: the pacing of every scan but a test's. */
        ScanPacing SLEEP = Thread::sleep;

        void pause(long millis) throws InterruptedException;

        /** Called once an attempt has listed the segments, before it reads them. */
        default void listed() {}
    }

    /**
     * The pause before attempt {@code attempt + 1} of a read-only scan: 1, 2, 4 … 128 ms, then 250 ms. Starting over
     * at once would chase the compaction: a run it merged is deleted file by file, each new attempt reads every
     * segment's header, and ten immediate attempts could all meet a file deleted under them (a CI run did).
     */
    static long scanPauseMillis(int attempt) {
        return attempt <= 8 ? 1L << (attempt - 1) : 250;
    }

    static RecoveryReport scanReadOnly(Path d, long fromLsn, LocatedRecordVisitor visitor, ScanPacing pacing) {
        long[] delivered = {0, 0}; // the last lsn handed over, how many were
        LocatedRecordVisitor counting = (segment, offset, lsn, type, payload) -> {
            visitor.visit(segment, offset, lsn, type, payload);
            delivered[0] = lsn;
            delivered[1]++;
        };
        long progressAt = -1;
        for (int attempt = 1; ; attempt++) {
            if (delivered[0] != progressAt) {
                // the last attempt read on before a file was replaced: a long scan of a journal compacted every
                // few hundred milliseconds meets many replacements, and gives up only when it stops moving
                progressAt = delivered[0];
                attempt = 1;
            }
            try {
                SegmentDirectory.Listing listing = SegmentDirectory.read(d);
                if (listing.live.isEmpty()) {
                    return new RecoveryReport(0, delivered[1], 0, Optional.ofNullable(listing.tornHeader));
                }
                pacing.listed();
                SegmentScanner.Result r = SegmentScanner.scan(listing.live, fromLsn, delivered[0], counting);
                TornTail torn = r.torn != null ? r.torn : listing.tornHeader;
                return new RecoveryReport(listing.live.size(), delivered[1], r.lastLsn, Optional.ofNullable(torn));
            } catch (JournalException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt >= SCAN_ATTEMPTS) {
                    throw e;
                }
                // a compaction of the running application replaced a file: list again, go on after what was read
                try {
                    pacing.pause(scanPauseMillis(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
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
        return append(type, payload, true);
    }

    /**
     * Appends one record and returns its lsn without waiting for it to be written: for a caller with many records
     * at hand (the inbox's files at start-up), which then calls {@link #awaitDurable} once with the last lsn, so
     * the whole run costs one write (and in {@code FSYNC} mode one sync) instead of one per record. Until then the
     * record waits in the pending batch, and goes out with whatever batch another append writes. So that what
     * nobody waits for stays small, an append that brings the pending batch to 1 MiB or more writes it at once, as
     * {@link #append} would (and waits for it). In {@code ASYNC} mode this is {@link #append}, which never waits.
     *
     * @param type the record type
     * @param payload the record payload, as for {@link #append}
     * @return the record's lsn
     * @throws JournalException as {@link #append}
     */
    public long appendUnawaited(byte type, byte[] payload) throws JournalException {
        return append(type, payload, false);
    }

    /**
     * Waits until the record {@code lsn}, and so every record before it, is as durable as {@link #append} makes
     * one (synced in {@code FSYNC} mode, written in {@code PROCESS} mode; nothing to wait for in {@code ASYNC}
     * mode), writing the pending batch itself if nobody else is: the counterpart of {@link #appendUnawaited}.
     *
     * @param lsn an lsn this journal assigned
     * @throws JournalException {@code LAZ-104} if the journal stopped before the record was durable
     */
    public void awaitDurable(long lsn) throws JournalException {
        if (durability == Durability.ASYNC) {
            return;
        }
        boolean synced = durability == Durability.FSYNC;
        while (true) {
            boolean lead = false;
            mu.lock();
            try {
                // durableLsn and writtenLsn are final for the batches written so far while the token is free
                if ((synced ? durableLsn : writtenLsn) >= lsn) {
                    return;
                }
                if (failure != null) {
                    throw stopped(failure);
                }
                if (flushing) {
                    // the holder hands the token to the next batch's first waiter: then we write it, or find
                    // our record written (it was in the holder's batch)
                    current.addWaiter(Thread.currentThread());
                } else if (current.count == 0 || lsn >= nextLsn) {
                    throw new IllegalArgumentException("lsn " + lsn + " was never assigned by this journal");
                } else {
                    flushing = true; // the record is pending (nothing is out while the token is free)
                    lead = true;
                }
            } finally {
                mu.unlock();
            }
            if (lead) {
                lead();
            } else {
                awaitWritten(lsn, synced);
            }
        }
    }

    private long append(byte type, byte[] payload, boolean await) throws JournalException {
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
        boolean unawaited = false;
        Throwable listenerFailure = null;
        final ReentrantLock mu = this.mu;
        mu.lock();
        try {
            Batch b = current;
            int frame = RECORD_HEADER_SIZE + length;
            while (b.bytes() > 0 && b.bytes() + frame > MAX_PENDING && !closing && failure == null) {
                if (!flushing && durability != Durability.ASYNC) {
                    // records appended unawaited have nobody to write them: write the batch first, then add
                    flushing = true;
                    mu.unlock();
                    try {
                        lead();
                    } finally {
                        mu.lock();
                    }
                    b = current;
                    continue;
                }
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
            if (durability == Durability.ASYNC && b.count == 0) {
                b.firstNanos = System.nanoTime();
            }
            b.add(type, lsn, payload, crc);
            AppendListener l = listener;
            if (l != null) {
                try {
                    l.appended(lsn, type, payload);
                } catch (Throwable t) {
                    listenerFailure = t; // the record is framed: it goes to disk like any other
                }
            }
            if (durability == Durability.ASYNC) {
                int ws = writerState;
                if (ws == PARKED_IDLE || (ws == PARKED_TIMED && b.bytes() >= FLUSH_THRESHOLD)) {
                    writerState = RUNNING;
                    wakeWriter = true;
                }
            } else if (!await && b.bytes() < FLUSH_THRESHOLD) {
                unawaited = true; // the caller's awaitDurable (or another append's batch) writes it
            } else {
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
        } else if (durability != Durability.ASYNC && !unawaited) {
            awaitWritten(lsn, durability == Durability.FSYNC);
        }
        if (listenerFailure != null) {
            throw Compactor.sneaky(listenerFailure);
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
     * Installs the one listener that sees every record appended from now on, in lsn order, at the moment its lsn
     * is assigned (under the append lock; see {@link AppendListener} for what it may do). Replaces an earlier
     * listener; {@code null} removes it. The hook costs an append one call.
     *
     * @param l the listener, or {@code null}
     * @return the last lsn assigned before the listener was installed: the listener sees every later one
     */
    public long onAppend(AppendListener l) {
        mu.lock();
        try {
            listener = l;
            return nextLsn - 1;
        } finally {
            mu.unlock();
        }
    }

    /** @return the last lsn assigned to an append (its record may still be on its way to the file), 0 if none */
    public long lastLsn() {
        mu.lock();
        try {
            return nextLsn - 1;
        } finally {
            mu.unlock();
        }
    }

    /**
     * @return the last lsn whose record is as durable as the journal's mode makes an acknowledged append: synced
     *     to the disk in {@link Durability#FSYNC} and {@link Durability#ASYNC} mode, written to the operating
     *     system in {@link Durability#PROCESS} mode; every record up to it is too
     */
    public long durableLsn() {
        return durability == Durability.PROCESS ? writtenLsn : durableLsn;
    }

    /**
     * Reads the record with lsn {@code lsn}. Thread-safe, and safe while a compaction runs (a segment it
     * replaces meanwhile is looked up again). A record appended but not yet written (in {@code ASYNC} mode, or
     * another thread's append still in flight) is waited for, and written at once if nobody is writing. Costs
     * a binary search over the segments and, through the segment's sparse index, reading at most about 64 KiB
     * of frame headers and the record itself (a segment the open did not read gets its index on its first read:
     * one pass over its frame headers).
     *
     * @param lsn the lsn
     * @return the record, or empty if no record has that lsn: a compaction dropped it, or it was never assigned
     * @throws JournalCorruptException if the record (or its segment's structure) is damaged
     * @throws JournalException {@code LAZ-101} if the segment cannot be read, {@code LAZ-104} if the journal
     *     stopped before the record was written, {@code LAZ-105} if it is closed
     */
    public Optional<StoredRecord> read(long lsn) {
        if (lsn < 1) {
            return Optional.empty();
        }
        if (lsn > writtenLsn) {
            if (lsn > lastLsn()) {
                return Optional.empty();
            }
            awaitReadable(lsn);
        }
        return records.read(lsn);
    }

    /**
     * Hands every record with an lsn of at least {@code fromLsn} to {@code visitor}, in lsn order, from the sealed
     * segments and the active one, up to the last record written when the call began. Records are CRC-checked.
     * Safe while appends and a compaction run: a segment compacted meanwhile is read on from the same lsn in its
     * replacement, so no record is handed over twice.
     *
     * @param fromLsn the first lsn wanted
     * @param visitor receives the records, on the calling thread
     * @throws JournalCorruptException if a record is damaged
     * @throws JournalException {@code LAZ-101} if a segment cannot be read, {@code LAZ-105} if the journal is
     *     closed
     */
    public void scanFrom(long fromLsn, RecordVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        records.scan(fromLsn, writtenLsn, visitor);
    }

    /** @return the live segments, oldest first; the last one is the active segment the writer appends to */
    public List<SegmentInfo> segments() {
        List<Segment> segs = map.snapshot();
        List<SegmentInfo> out = new ArrayList<>(segs.size());
        for (int i = 0; i < segs.size(); i++) {
            Segment s = segs.get(i);
            out.add(new SegmentInfo(
                    s.number(),
                    s.path,
                    s.firstLsn(),
                    s.lastLsn(),
                    s.size(),
                    i < segs.size() - 1,
                    s.compacted(),
                    s.header.version()));
        }
        return out;
    }

    /**
     * Compacts a run of consecutive sealed segments: their records that {@code keep} accepts are copied, with the
     * same lsn, type and payload, into one compacted segment that replaces the run under the number of its
     * first segment; the rest are gone for good. Lsns never change, so whatever names a kept record by its lsn
     * keeps finding it ({@link #read}); a dropped one reads as empty. Crash-safe at every step (see
     * {@link Compactor}): a crash leaves the old run or the compacted segment, never both, never neither.
     *
     * <p>Runs on the calling thread and never takes the append lock: appenders go on writing the active segment
     * meanwhile. One compaction at a time (a second call waits for the first). A failure is reported and does not
     * stop the journal.
     *
     * @param run the numbers of the segments, consecutive in {@link #segments()} (not necessarily in number) and
     *     sealed (not the active one); a run of one segment rewrites it alone
     * @param keep which records to keep; called once per record, in lsn order, on this thread
     * @return what the compaction did
     * @throws IllegalArgumentException if {@code run} is empty, not consecutive, not live, or holds the active
     *     segment
     * @throws JournalCorruptException if a record of the run is damaged (the journal is left unchanged)
     * @throws JournalException {@code LAZ-101} if a file operation fails (the message says whether the journal
     *     is unchanged or the compaction committed), {@code LAZ-105} if the journal is closed or closes meanwhile,
     *     {@code LAZ-104} if it stopped after an I/O error
     */
    public CompactionResult compact(List<Long> run, RecordFilter keep) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(keep, "keep");
        compactionLock.lock();
        try {
            if (shuttingDown) {
                throw new JournalException(
                        JournalException.CLOSED, "the journal at " + dir + " is closed; nothing can be compacted");
            }
            JournalException f = failure;
            if (f != null) {
                throw stopped(f);
            }
            return compactor.compact(liveRun(run), keep);
        } finally {
            compactionLock.unlock();
        }
    }

    /** For tests: how many entries a live segment's sparse index has, -1 if none was made yet (or no such segment). */
    int indexEntries(long segmentNumber) {
        for (Segment s : map.snapshot()) {
            if (s.number() == segmentNumber) {
                SparseIndex i = s.index();
                return i == null ? -1 : i.size();
            }
        }
        return -1;
    }

    /** For tests: how many segment files are open for reading. */
    int openReaders() {
        return map.openReaders();
    }

    private List<Segment> liveRun(List<Long> run) {
        List<Segment> segs = map.snapshot();
        if (run.isEmpty()) {
            throw new IllegalArgumentException("nothing to compact: the run of segments is empty");
        }
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < segs.size(); i++) {
            position.put(segs.get(i).number(), i);
        }
        Integer start = position.get(run.get(0));
        List<Segment> out = new ArrayList<>(run.size());
        for (int k = 0; k < run.size(); k++) {
            Integer at = position.get(run.get(k));
            if (start == null || at == null || at != start + k || at >= segs.size() - 1) {
                List<Long> numbers = segs.stream().map(Segment::number).toList();
                throw new IllegalArgumentException("segments " + run + " of the journal at " + dir
                        + " are not consecutive sealed segments (the live segments are " + numbers
                        + ", the last one active)");
            }
            out.add(segs.get(at));
        }
        return out;
    }

    /**
     * Waits until the record {@code lsn} (assigned) is written. Takes the token to write it if nobody holds it,
     * otherwise waits briefly for the holder: a rare case (an {@code ASYNC} record read at once, or another
     * thread's append still in flight), so polling costs nothing on any hot path.
     */
    private void awaitReadable(long lsn) {
        while (writtenLsn < lsn) {
            JournalException f = failure;
            if (f != null) {
                throw stopped(f);
            }
            if (tryTakeToken()) {
                lead();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
    }

    /**
     * Writes and syncs what is pending (in every durability mode), stops the writer thread, stops a running
     * compaction (which leaves the journal as it was) and releases the lock. Appends, reads and compactions
     * after (or racing with) close fail with {@code LAZ-105}. Closing again has no effect.
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
            shuttingDown = true; // a running compaction stops at its next record
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
            compactionLock.lock(); // wait for a running compaction to stop: no I/O on the journal after its lock
            try {
                readsClosed = true;
                map.closeAll();
            } finally {
                compactionLock.unlock();
            }
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
            if (fullWaiters > 0) {
                // an appender waiting for room takes the token itself if the batch has no waiter to write it
                // (its records were appended unawaited)
                notFull.signalAll();
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
        if (rollPending || segmentBytes >= segmentSize) {
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
        long base = segmentBytes;
        segmentBytes += buf.limit();
        SparseIndex index = active.index();
        long[] marks = b.marks;
        for (int i = 0, n = 2 * b.markCount; i < n; i += 2) {
            index.maybeAdd(marks[i], base + marks[i + 1]);
        }
        // readers go by writtenLsn: the segment's extent and index are published before it
        active.advance(segmentBytes, b.lastLsn);
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
     * after a crash a segment either has a complete header or held nothing that was acknowledged. The new
     * segment joins the segment map before any record goes in, so readers find every written lsn; the old one
     * becomes sealed, which makes it a candidate for compaction.
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
        active.seal(segmentBytes, firstLsn);
        segmentNumber++;
        segmentPath = SegmentFormat.segmentPath(dir, segmentNumber);
        try {
            file = createSegment(opener, dir, segmentNumber, firstLsn);
        } catch (IOException e) {
            throw new IoFailure("creating", segmentPath, e);
        }
        segmentBytes = SEGMENT_HEADER_SIZE;
        active = newSegment(dir, segmentNumber, firstLsn);
        map.add(active);
        rollPending = false;
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
        /** (lsn, offset in the batch) of a frame about every index stride: the segment index's entries. */
        long[] marks = new long[16];

        int markCount;
        private int lastMark;

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
                mark(lsn, start);
            } else if (start - lastMark >= SparseIndex.STRIDE) {
                mark(lsn, start);
            }
            lastLsn = lsn;
            count++;
        }

        private void mark(long lsn, int offset) {
            if (2 * markCount + 2 > marks.length) {
                marks = Arrays.copyOf(marks, marks.length * 2);
            }
            marks[2 * markCount] = lsn;
            marks[2 * markCount + 1] = offset;
            markCount++;
            lastMark = offset;
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
            markCount = 0;
        }
    }
}
