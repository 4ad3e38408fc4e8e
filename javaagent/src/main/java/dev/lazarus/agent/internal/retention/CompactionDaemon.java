package dev.lazarus.agent.internal.retention;

import dev.lazarus.agent.internal.jfr.CompactionEvent;
import dev.lazarus.agent.internal.jfr.JfrGate;
import dev.lazarus.agent.internal.retention.CompactionPlanner.SegmentUsage;
import dev.lazarus.store.log.CompactionResult;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.SegmentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Retention in a running application, or in one pass of the offline {@code compact} command: forgets finished
 * executions older than {@code retention}, then rewrites the oldest sealed segments without the records no one
 * needs any more ({@link RetentionRule}), when that frees at least what it copies ({@link CompactionPlanner}).
 *
 * <p>It works beside the application: the journal's appenders never wait for it (only sealed segments are
 * rewritten, see {@link JournalLog#compact}), and each pass reads at most {@code budgetBytes} of segments, so a
 * pass costs a bounded amount of I/O however long the journal is. A running application makes one pass every
 * {@code intervalMillis} on a daemon thread; a failed pass is logged and the next one tries again (the journal
 * is left as it was, or compacted: never half).
 */
public final class CompactionDaemon implements AutoCloseable {
    private static final int FRAME_HEADER = 17;

    private final JournalLog journal;
    private final ExecutionStatuses statuses;
    private final LongConsumer forgetFinishedBefore;
    private final long retentionMillis;
    private final LongSupplier wallClockMillis;
    private final CompactionPlanner planner;
    private final long budgetBytes;
    private final Logger log;
    private Thread thread;
    private boolean stopping;

    /**
     * @param journal the journal to compact
     * @param statuses where its executions stand
     * @param forgetFinishedBefore told, before each pass, the finish time before which finished executions are
     *     forgotten (their explicit keys no longer answer with their outcome)
     * @param retentionMillis how long a finished execution is kept
     * @param wallClockMillis the wall clock the records' finish times were taken from
     * @param planner which prefix of sealed segments is worth a rewrite
     * @param budgetBytes the most one pass reads to weigh segments (at least one segment is always read)
     * @param log where a pass that freed space, and a pass that failed, say so
     */
    public CompactionDaemon(
            JournalLog journal,
            ExecutionStatuses statuses,
            LongConsumer forgetFinishedBefore,
            long retentionMillis,
            LongSupplier wallClockMillis,
            CompactionPlanner planner,
            long budgetBytes,
            Logger log) {
        this.journal = journal;
        this.statuses = statuses;
        this.forgetFinishedBefore = forgetFinishedBefore;
        this.retentionMillis = retentionMillis;
        this.wallClockMillis = wallClockMillis;
        this.planner = planner;
        this.budgetBytes = budgetBytes;
        this.log = log;
    }

    /** How soon after the start the first pass comes, at most. */
    static final long FIRST_PASS_MILLIS = 5_000;

    /**
     * Starts the daemon thread that makes a pass every {@code intervalMillis}, the first one after at most
     * {@link #FIRST_PASS_MILLIS}.
     *
     * @param intervalMillis the pause between passes
     */
    public synchronized void start(long intervalMillis) {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(() -> loop(intervalMillis), "lazarus-compaction");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY); // it must never compete with the executions it serves
        thread = t;
        t.start();
    }

    private void loop(long intervalMillis) {
        // the first pass comes soon: a process that starts after a long stop has the most to reclaim, and waiting a
        // whole interval (up to a minute) would leave the disk full for that long
        long next = Math.min(intervalMillis, FIRST_PASS_MILLIS);
        while (pause(next)) {
            next = intervalMillis;
            try {
                passUntilNothingToDo(4);
            } catch (JournalException e) {
                if (e.code().equals("LAZ-105") || e.code().equals("LAZ-104")) {
                    return; // the journal closed or stopped: nothing more to compact in this process
                }
                log.warn("compaction failed and will be tried again: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("compaction failed and will be tried again: {}", String.valueOf(e));
            }
        }
    }

    /**
     * Waits between passes on this object's monitor, never by interrupting: an interrupt during a pass would close
     * the file channels the journal's readers share (NIO closes a channel whose reader is interrupted).
     *
     * @return whether to make another pass
     */
    private synchronized boolean pause(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        long left;
        while (!stopping && (left = until - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return !stopping;
    }

    /**
     * Passes until a pass finds nothing worth compacting, or {@code maxPasses} passes were made.
     *
     * @param maxPasses the most passes to make
     * @return what the passes compacted, oldest first
     */
    public List<CompactionResult> passUntilNothingToDo(int maxPasses) {
        List<CompactionResult> done = new ArrayList<>();
        for (int i = 0; i < maxPasses; i++) {
            Optional<CompactionResult> r = pass();
            if (r.isEmpty()) {
                break;
            }
            done.add(r.get());
        }
        return done;
    }

    /**
     * One pass: forgets what retention expired, weighs the oldest sealed segments and compacts the prefix worth it.
     *
     * @return what was compacted, or empty if nothing was worth it
     */
    public Optional<CompactionResult> pass() {
        long now = wallClockMillis.getAsLong();
        forgetFinishedBefore.accept(now - retentionMillis);
        RetentionRule rule = new RetentionRule(statuses, retentionMillis, now);
        List<SegmentInfo> weighed = new ArrayList<>();
        for (SegmentInfo s : journal.segments()) {
            if (!s.sealed() || (!weighed.isEmpty() && total(weighed) + s.bytes() > budgetBytes)) {
                break;
            }
            weighed.add(s);
        }
        if (weighed.isEmpty()) {
            return Optional.empty();
        }
        List<SegmentUsage> usage = weigh(weighed, rule);
        int prefix = planner.prefixToCompact(usage);
        if (prefix == 0) {
            return Optional.empty();
        }
        List<Long> run = new ArrayList<>(prefix);
        for (int i = 0; i < prefix; i++) {
            run.add(weighed.get(i).number());
        }
        CompactionEvent event = JfrGate.mayRecord() ? new CompactionEvent() : null;
        if (event != null) {
            event.begin();
        }
        CompactionResult result = journal.compact(run, (lsn, type, payload) -> rule.keep(type, payload));
        if (event != null) {
            event.segments = run.size();
            event.bytesBefore = result.bytesBefore();
            event.bytesAfter = result.bytesAfter();
            event.recordsKept = result.recordsKept();
            event.recordsDropped = result.recordsDropped();
            event.commit();
        }
        log.debug(
                "compacted {} segment(s): {} -> {} bytes, {} record(s) kept, {} dropped",
                run.size(),
                result.bytesBefore(),
                result.bytesAfter(),
                result.recordsKept(),
                result.recordsDropped());
        return Optional.of(result);
    }

    private static long total(List<SegmentInfo> segments) {
        long sum = 0;
        for (SegmentInfo s : segments) {
            sum += s.bytes();
        }
        return sum;
    }

    /** What each weighed segment would keep: one read of them, stopped after the last. */
    private List<SegmentUsage> weigh(List<SegmentInfo> segments, RetentionRule rule) {
        long[] live = new long[segments.size()];
        long[] erased = new long[segments.size()];
        long last = segments.get(segments.size() - 1).lastLsn();
        int[] at = {0};
        try {
            journal.scanFrom(segments.get(0).firstLsn(), (lsn, type, payload) -> {
                if (lsn > last) {
                    throw StopScan.INSTANCE;
                }
                while (lsn > segments.get(at[0]).lastLsn()) {
                    at[0]++;
                }
                if (rule.keep(type, payload)) {
                    live[at[0]] += FRAME_HEADER + payload.length;
                } else if (rule.erased(type, payload)) {
                    erased[at[0]] += FRAME_HEADER + payload.length;
                }
            });
        } catch (StopScan done) {
            // the weighed segments are read; the rest of the journal is not this pass's business
        }
        List<SegmentUsage> usage = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            SegmentInfo s = segments.get(i);
            usage.add(new SegmentUsage(s.number(), s.bytes(), live[i], erased[i]));
        }
        return usage;
    }

    /** Stops a scan once it passed the segments a pass weighs. */
    private static final class StopScan extends RuntimeException {
        static final StopScan INSTANCE = new StopScan();

        private StopScan() {
            super(null, null, false, false);
        }
    }

    /** Stops the daemon thread, after the pass under way if there is one. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
            stopping = true;
            notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
