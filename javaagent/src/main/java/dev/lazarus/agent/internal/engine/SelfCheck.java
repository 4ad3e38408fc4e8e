package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.jfr.JfrGate;
import dev.lazarus.agent.internal.jfr.SelfCheckEvent;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.ExecutionStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The self-check mode (agent option {@code selfcheck=replay}): every execution whose body finishes in this
 * process ({@code COMPLETED} or {@code FAILED}) is replayed at once from its journal, on the thread that ran it,
 * right after its outcome is journaled and before anyone gets that outcome; any difference is reported as one
 * line with a stable code, and counted.
 *
 * <p>The replay is what a resume after a crash at the very end would do, without writing anything: the body
 * runs again with the arguments decoded from the journal, every step answered from the journal
 * ({@link SelfCheckReplay}), and then its outcome is compared with the recorded one as values
 * ({@link ValueDifference}), after both went through the codec as the journal keeps them. What is reported:
 * a step asked in another order or with other arguments ({@code LAZ-301}), another result ({@code LAZ-601}),
 * another exception or an exception where the run returned ({@code LAZ-602}), a step past the end of the
 * journal, which would have run live and is stopped before it runs ({@code LAZ-603}), an execution that
 * cannot be replayed at all ({@code LAZ-604}).
 *
 * <p>What the application observes does not change: the caller gets the run's own outcome (the replay's is
 * only compared), after the check, on its own thread; an instance method is replayed on a copy of its
 * receiver as it was when the execution started, when the codec can copy it (so the body's changes to its
 * own object are neither seen twice by the application nor taken as the replay's starting state); the
 * thread's interrupt and engine state are put back. A receiver the codec refuses (a service holding clients
 * or connections) is replayed as it is: its calls to the outside are answered from the journal. Code the
 * body recomputes does run a second time, so a body that changes static state changes it again.
 *
 * <p>Off by default; when off, nothing of this class exists and the engine pays one {@code null} test per
 * execution.
 */
final class SelfCheck {
    /** How many report lines are kept for {@link #reports} (all are logged and counted). */
    private static final int KEPT_REPORTS = 100;

    private final ExecutionContext context;
    private final ExecutionOutcomes outcomes;
    private final ValueCodec codec;
    private final Logger log;
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> reports = new ArrayList<>();
    /** Classes of receivers the codec refused to copy once: not tried again at every execution. */
    private final ClassValue<AtomicBoolean> uncopyable = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    SelfCheck(ExecutionContext context, ExecutionOutcomes outcomes) {
        this.context = context;
        this.outcomes = outcomes;
        this.codec = context.codec();
        this.log = context.log();
    }

    /**
     * Takes what the check of an execution needs before its body runs: a copy of its receiver as it is now.
     *
     * @param ex the execution about to run (or resume) in this process
     * @param receiverAndArgs its receiver (for an instance method) and arguments
     * @return the execution under check
     */
    Subject subject(Execution ex, Object[] receiverAndArgs) {
        Object receiver = ex.method.isStatic ? null : receiverAndArgs[0];
        Object copy = null;
        if (receiver != null) {
            try {
                copy = SelfCheckReplay.seal(ex).inside(context.thread(), () -> copyOf(receiver, ex.method.loader()));
            } catch (RuntimeException | StackOverflowError e) { // the check must never fail the execution
                copy = null;
            }
        }
        return new Subject(ex, receiver, copy);
    }

    /** An execution whose body runs in this process, to be replayed when it finishes. */
    final class Subject {
        private final Execution ex;
        private final Object receiver;
        private final Object receiverCopy;

        private Subject(Execution ex, Object receiver, Object receiverCopy) {
            this.ex = ex;
            this.receiver = receiver;
            this.receiverCopy = receiverCopy;
        }

        /**
         * Journals how the body ended, as {@link ExecutionOutcomes#finish} does, then replays the execution and
         * reports any difference. Never throws because of the check: the caller gets the run's outcome.
         *
         * @param state {@code COMPLETED} or {@code FAILED}
         * @param outcome the result, or the exception
         */
        LazarusException finish(ExecutionState state, Object outcome) {
            ExecutionIndex index = context.index();
            ExecutionRecord record = index.get(ex.id);
            if (record == null || record.isFinished()) {
                // cancelled while it ran: the cancel is its outcome, and nothing the body did is left to check
                return outcomes.finish(ex, state, outcome);
            }
            // taken before the outcome is journaled: the index drops a completed execution's steps then
            List<ExecutionStep> steps = index.steps(record);
            Map<Integer, List<EffectRecorded>> effects = index.effects(record);
            Map<String, BranchJournal> branches = index.branches(record);
            LazarusException recorded = outcomes.finish(ex, state, outcome);
            if (recorded == null
                    && (record.state == ExecutionState.COMPLETED || record.state == ExecutionState.FAILED)) {
                check(this, record, steps, effects, branches);
            }
            return recorded;
        }
    }

    private void check(
            Subject s,
            ExecutionRecord record,
            List<ExecutionStep> steps,
            Map<Integer, List<EffectRecorded>> effects,
            Map<String, BranchJournal> branches) {
        SelfCheckEvent event = JfrGate.mayRecord() ? new SelfCheckEvent() : null;
        if (event != null) {
            event.begin();
        }
        SelfCheckReport report;
        try {
            report = replayAndCompare(s, record, steps, effects, branches);
        } catch (Throwable t) { // a failure of the check itself must never reach the application
            report = new SelfCheckReport(SelfCheckReport.NOT_REPLAYED, "the self-check itself failed: " + t);
        }
        replayed.incrementAndGet();
        String line = null;
        if (report != null) {
            failed.incrementAndGet();
            line = report.code() + ": self-check: execution " + s.ex.id + " of " + s.ex.method.display()
                    + " (called at " + callerOf(s.ex.method) + "): " + report.detail();
            log.error("{}", line);
            synchronized (reports) {
                if (reports.size() < KEPT_REPORTS) {
                    reports.add(line);
                }
            }
        }
        if (event != null) {
            event.end();
            if (event.shouldCommit()) {
                event.executionId = s.ex.id;
                event.durableName = s.ex.method.durableName;
                event.passed = report == null;
                event.code = report == null ? "" : report.code();
                event.report = line == null ? "" : line;
                event.commit();
            }
        }
    }

    /** @return the difference, or {@code null} when the replay matched the run */
    private SelfCheckReport replayAndCompare(
            Subject s,
            ExecutionRecord record,
            List<ExecutionStep> steps,
            Map<Integer, List<EffectRecorded>> effects,
            Map<String, BranchJournal> branches) {
        DurableMethodInfo m = s.ex.method;
        ClassLoader loader = m.loader();
        ThreadState ts = context.thread();
        // decoding and comparing values may run application code (hashCode, equals, toString): sealed, so that
        // none of it becomes a step of the execution this thread really runs, or an execution of its own
        SelfCheckReplay seal = SelfCheckReplay.seal(s.ex);
        Object[] args;
        try {
            args = seal.inside(ts, () -> (Object[]) codec.decode(record.started.arguments(), loader));
        } catch (CodecException e) {
            return new SelfCheckReport(
                    SelfCheckReport.NOT_REPLAYED,
                    "its journaled arguments do not decode, so a resume would fail too: " + e.getMessage());
        }
        Object[] receiverAndArgs;
        if (m.isStatic) {
            receiverAndArgs = args;
        } else {
            receiverAndArgs = new Object[args.length + 1];
            receiverAndArgs[0] = s.receiverCopy != null ? s.receiverCopy : s.receiver;
            System.arraycopy(args, 0, receiverAndArgs, 1, args.length);
        }
        SelfCheckReplay replay = new SelfCheckReplay(s.ex, steps, effects, branches);
        replay.run(ts, receiverAndArgs);
        if (replay.stop() != null) {
            return replay.stop();
        }
        if (replay.position() < steps.size()) {
            return SelfCheckReport.fewerSteps(replay.position(), steps);
        }
        return seal.inside(ts, () -> compare(m, record, replay));
    }

    /** Compares the journaled outcome with the replay's, both as the journal holds them (through the codec). */
    private SelfCheckReport compare(DurableMethodInfo m, ExecutionRecord record, SelfCheckReplay replay) {
        ClassLoader loader = m.loader();
        boolean runThrew = record.state == ExecutionState.FAILED;
        byte[] recordedBytes = record.finished.outcome();
        Object recorded;
        try {
            recorded = codec.decode(recordedBytes, loader);
        } catch (CodecException e) {
            return new SelfCheckReport(
                    SelfCheckReport.NOT_REPLAYED,
                    "its journaled outcome does not decode, so a caller answered from the journal would fail: "
                            + e.getMessage());
        }
        boolean replayThrew = replay.threw();
        Object outcome = replay.outcome();
        byte[] replayedBytes = null;
        Object replayed = null;
        String unjournalable = null;
        try {
            replayedBytes = codec.encode(replayThrew ? StackTraces.filledIn((Throwable) outcome) : outcome, loader);
            replayed = codec.decode(replayedBytes, loader);
        } catch (CodecException e) {
            unjournalable = e.getMessage();
        }
        if (unjournalable != null) {
            // the run journaled LAZ-205 in place of an outcome it could not keep: the replay must meet the same fate
            if (runThrew
                    && recorded instanceof LazarusException
                    && "LAZ-205".equals(((LazarusException) recorded).code())
                    && ((LazarusException) recorded).getMessage().startsWith("LAZ-205: the result of") != replayThrew) {
                return null;
            }
            return new SelfCheckReport(
                    replayThrew ? SelfCheckReport.EXCEPTION : SelfCheckReport.RESULT,
                    "the replay " + (replayThrew ? "threw " + describe(outcome, m) : "returned " + render(outcome))
                            + ", which cannot be journaled (" + unjournalable + "), where the run "
                            + (runThrew ? "threw " + describe(recorded, m) : "returned " + render(recorded)));
        }
        if (runThrew != replayThrew) {
            return new SelfCheckReport(
                    SelfCheckReport.EXCEPTION,
                    runThrew
                            ? "the replay returned " + render(replayed) + " where the run threw "
                                    + describe(recorded, m)
                            : "the replay threw " + describe(replayed, m) + " where the run returned "
                                    + render(recorded));
        }
        if (Arrays.equals(recordedBytes, replayedBytes)) {
            return null;
        }
        String difference = ValueDifference.between(recorded, replayed, this::sameEncoding);
        if (difference == null) {
            return null;
        }
        if (runThrew) {
            return new SelfCheckReport(
                    SelfCheckReport.EXCEPTION,
                    "the replay threw " + describe(replayed, m) + " where the run threw " + describe(recorded, m) + " ("
                            + difference + ")");
        }
        return new SelfCheckReport(
                SelfCheckReport.RESULT,
                "the replay returned another result (" + difference + ") " + after(replay.steps()));
    }

    /** Where the run and its replay last agreed: the last journaled step both answered. */
    private static String after(List<ExecutionStep> steps) {
        if (steps.isEmpty()) {
            return "with no journaled step in between: the difference comes from the body's own computation";
        }
        ExecutionStep last = steps.get(steps.size() - 1);
        return "after the same " + steps.size() + " journaled step(s), the last " + Divergence.readable(last.callee())
                + " at " + last.callSite() + " in both";
    }

    /** Two values whose fields the engine may not read: equal when the codec writes them alike. */
    private boolean sameEncoding(Object a, Object b) {
        try {
            ClassLoader loader = ValueLoaders.of(a.getClass());
            return Arrays.equals(codec.encode(a, loader), codec.encode(b, loader));
        } catch (CodecException e) {
            return false;
        }
    }

    /** {@code java.lang.IllegalStateException: message at Owner.java:42}, naming where it came from. */
    private static String describe(Object thrown, DurableMethodInfo m) {
        if (!(thrown instanceof Throwable)) {
            return render(thrown);
        }
        Throwable t = (Throwable) thrown;
        return t.getClass().getName() + ": " + ValueDifference.render(t.getMessage()) + " at " + thrownAt(t, m);
    }

    /** The frame of the durable class the exception came through, or else its top frame. */
    private static String thrownAt(Throwable t, DurableMethodInfo m) {
        StackTraceElement[] frames = t.getStackTrace();
        for (StackTraceElement f : frames) {
            if (f.getClassName().equals(m.owner.getName())) {
                return location(f.getFileName(), f.getClassName(), f.getLineNumber());
            }
        }
        return frames.length == 0
                ? "?"
                : location(frames[0].getFileName(), frames[0].getClassName(), frames[0].getLineNumber());
    }

    private static String render(Object value) {
        return ValueDifference.render(value);
    }

    private static String location(String file, String className, int line) {
        return (file == null ? className : file) + ":" + line;
    }

    /**
     * Where the durable method was called: the frame right below the method's own on this thread (the
     * application's code, a parent's body, or recovery).
     */
    private static String callerOf(DurableMethodInfo m) {
        Optional<String> site = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> {
                    boolean below = false;
                    for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                        if (below) {
                            return Optional.of(
                                    f.getDeclaringClass() == Recovery.class
                                            ? "recovery"
                                            : location(f.getFileName(), f.getClassName(), f.getLineNumber()));
                        }
                        below = f.getDeclaringClass() == m.owner
                                && f.getMethodName().equals(m.name);
                    }
                    return Optional.empty();
                });
        return site.orElse("?");
    }

    /**
     * A copy of the receiver's state through the codec, or {@code null} where the codec cannot copy it
     * faithfully: it refuses the receiver (a service holding clients, threads, streams), or the copy differs
     * from the original as a value (the codec leaves out what it does not journal, such as the enclosing
     * instance of an inner class). Replaying on such a copy would report the copy's loss, not the body's
     * difference, so those receivers are replayed as they are.
     */
    private Object copyOf(Object receiver, ClassLoader loader) {
        AtomicBoolean refused = uncopyable.get(receiver.getClass());
        if (refused.get()) {
            return null;
        }
        String why;
        try {
            Object copy = codec.decode(codec.encode(receiver, loader), loader);
            why = ValueDifference.between(receiver, copy, (a, b) -> false);
            if (why == null && !sameTransientState(receiver, copy)) {
                why = "its transient fields cannot be set";
            }
            if (why == null) {
                return copy;
            }
            why = "the copy differs (" + why + ")";
        } catch (CodecException e) {
            why = e.getMessage();
        }
        refused.set(true);
        if (log.isDebugEnabled()) {
            log.debug(
                    "self-check: receivers of class {} are replayed as they are, not on a copy: {}",
                    receiver.getClass().getName(),
                    why);
        }
        return null;
    }

    /**
     * Gives the copy the receiver's transient fields, which the codec does not journal: memoized values (a
     * cached {@code toString}, a lazily computed hash) decide whether the body takes its cached path, and the
     * replay must start from the state the run started from. They are shared, not copied: they are caches.
     *
     * @return {@code false} if a transient field cannot be set
     */
    private static boolean sameTransientState(Object receiver, Object copy) {
        for (Class<?> c = receiver.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                int modifiers = f.getModifiers();
                if (java.lang.reflect.Modifier.isStatic(modifiers)
                        || !java.lang.reflect.Modifier.isTransient(modifiers)) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(copy, f.get(receiver));
                } catch (RuntimeException | IllegalAccessException e) { // a named module's class, a final field
                    return false;
                }
            }
        }
        return true;
    }

    /** @return how many finished executions were replayed */
    long replayed() {
        return replayed.get();
    }

    /** @return how many of them differed from their run */
    long failed() {
        return failed.get();
    }

    /** @return the first report lines (at most 100), in the order they were found */
    List<String> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    /** @return the line printed when the process exits: what was checked and how many differed */
    String summary() {
        long f = failed.get();
        return "self-check: " + replayed.get() + " finished execution(s) replayed from the journal, " + f
                + " with a difference" + (f == 0 ? "" : " (reported above with their LAZ- codes)");
    }
}
