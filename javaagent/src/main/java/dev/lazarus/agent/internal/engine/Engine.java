package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.NonDeterminismException;
import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.agent.internal.config.RetryPolicy;
import dev.lazarus.agent.internal.jfr.ExecutionEvent;
import dev.lazarus.agent.internal.jfr.JfrGate;
import dev.lazarus.agent.internal.jfr.JournaledCallEvent;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecorded;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.SwitchPoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The heart of Lazarus: decides for every durable call whether to start, join, resume or answer an
 * execution, and for every outbound call of a durable body whether to run it plainly, run it live and
 * journal its outcome, or answer it from the journal.
 *
 * <p>The hot path ({@link #call}) touches a thread-local, the execution's position, and on a live call
 * the codec and one journal append; nothing else is shared between executions.
 */
public final class Engine implements Dispatcher {
    private final JournalLog journal;
    private final ValueCodec codec;
    private final ExecutionIndex index;
    private final Recovery recovery;
    private final Logger log;
    private final boolean trace;
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);
    /** Executions running in this process, by identity: a second caller joins instead of starting. */
    private final Map<String, Execution> running = new ConcurrentHashMap<>();
    private final Waits waits;

    Engine(JournalLog journal, ValueCodec codec, ExecutionIndex index, Recovery recovery, EventHub events, Logger log,
           boolean trace) {
        this.journal = journal;
        this.codec = codec;
        this.index = index;
        this.recovery = recovery;
        this.log = log;
        this.trace = trace;
        this.waits = new Waits(this, events, codec, log);
    }

    /**
     * {@code retry ID}: a FAILED or DIVERGED execution counts as unfinished again and resumes at the next
     * start (or now, when this runs at start-up, before recovery is scheduled).
     */
    void retry(String executionId) {
        ExecutionRecord r = index.get(executionId);
        if (r == null || !(r.state == ExecutionState.FAILED || r.state == ExecutionState.DIVERGED)) {
            log.warn("retry {}: no FAILED or DIVERGED execution with that id; nothing done", executionId);
            return;
        }
        append(new ExecutionRetried(executionId, System.currentTimeMillis()));
        log.info("execution {} will be recovered again (retry asked from the command line)", executionId);
    }

    /**
     * {@code cancel ID}: an unfinished execution is finished as FAILED (LAZ-402) and never resumed; if it
     * runs in this process its thread is interrupted (a wait or timer ends at once).
     */
    void cancel(String executionId) {
        ExecutionRecord r = index.get(executionId);
        if (r == null || r.isFinished()) {
            log.warn("cancel {}: no unfinished execution with that id; nothing done", executionId);
            return;
        }
        LazarusException cancelled = new LazarusException("LAZ-402", "execution " + executionId
                + " was cancelled from the command line");
        append(new ExecutionFinished(executionId, ExecutionState.FAILED,
                codec.encode(cancelled, Engine.class.getClassLoader()), System.currentTimeMillis()));
        for (Execution ex : running.values()) {
            if (ex.id.equals(executionId)) {
                ex.thread.interrupt();
            }
        }
        log.info("execution {} cancelled", executionId);
    }

    /**
     * An unfinished execution that can never resume (its journaled arguments no longer decode: the class
     * changed or is gone) is finished as FAILED, so that it is not retried at every start.
     */
    void failUnresumable(String executionId, String why) {
        ExecutionRecord r = index.get(executionId);
        if (r == null || r.isFinished()) {
            return;
        }
        LazarusException e = new LazarusException("LAZ-206", "execution " + executionId + " cannot be resumed: " + why
                + "; it is marked FAILED (restore the class and use 'retry', or leave it)");
        append(new ExecutionFinished(executionId, ExecutionState.FAILED,
                codec.encode(e, Engine.class.getClassLoader()), System.currentTimeMillis()));
        log.error("{}", e.getMessage());
    }

    /** Records and delivers an event that arrived through the inbox. */
    void receiveExternal(String eventId, String name, String key, String json, long sentAtMillis) {
        waits.receiveExternal(eventId, name, key, json, sentAtMillis);
    }

    /** @return the execution whose body this thread runs, or {@code null} */
    Execution current() {
        return threads.get().current;
    }

    ExecutionIndex index() {
        return index;
    }

    // ---- linking ------------------------------------------------------------------------------

    @Override
    public Object resolveCallSite(Class<?> caller, String callerMethod, String callee, String sourceFile, int line,
                                  String retry) {
        String file = sourceFile == null || sourceFile.isEmpty() ? caller.getSimpleName() + ".java" : sourceFile;
        return new CallSiteInfo(callee, file + ":" + line, RetryPolicy.decode(retry));
    }

    @Override
    public Object resolveDurableMethod(Class<?> owner, String name, String descriptor, boolean isStatic,
                                       String durableName, int keyIndex, MethodHandle body) {
        return new DurableMethodInfo(owner, name, descriptor, isStatic, durableName, keyIndex, body);
    }

    // ---- outbound calls: the hot path ---------------------------------------------------------

    @Override
    public Object call(Object site, MethodHandle target, Object[] args) throws Throwable {
        ThreadState ts = threads.get();
        Execution ex = ts.current;
        if (ex == null) {
            return (Object) target.invokeExact(args);
        }
        CallSiteInfo s = (CallSiteInfo) site;
        if (ex.diverged != null) {
            throw ex.diverged;
        }
        int position = ex.position++;
        int digest = argumentsDigest(ex, s, args);
        if (position < ex.recorded.size()) {
            ExecutionStep step = ex.recorded.get(position);
            if (step instanceof StepRecorded r && digest != 0 && r.argumentsDigest() != 0
                    && r.argumentsDigest() != digest && r.callee().equals(s.callee)) {
                throw diverge(ex, step, s.callee, s.location + " with other arguments than recorded");
            }
            return replay(ex, step, s.callee, s.location, s.displayName);
        }
        int attempt = 1;
        AttemptFailed resumed = ex.attempts.remove(position);
        if (resumed != null) {
            // An earlier process was retrying this call: go on with the next attempt when it is due.
            attempt = resumed.attempt() + 1;
            backOff(resumed.nextAttemptAtMillis());
        }
        long startedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        // spans the call, its retries and its journal write; null while JFR has never been started
        JournaledCallEvent event = JfrGate.mayRecord() ? new JournaledCallEvent() : null;
        if (event != null) {
            event.begin();
        }
        while (true) {
            Object outcome;
            boolean threw = false;
            ts.current = null; // the callee's own instrumented calls, if any, are not part of this execution
            ts.stepExecution = ex;
            ts.stepPosition = position;
            try {
                outcome = (Object) target.invokeExact(args);
            } catch (Throwable t) {
                outcome = t;
                threw = true;
            } finally {
                ts.current = ex;
                ts.stepExecution = null;
            }
            if (threw && s.retry != null && s.retry.retries((Throwable) outcome, attempt)) {
                long next = System.currentTimeMillis() + s.retry.delayAfterMillis(attempt);
                append(new AttemptFailed(ex.id, position, attempt, s.location,
                        codec.encode(sanitize((Throwable) outcome), ex.method.loader()), next));
                if (trace) {
                    log.info("attempt {} of {} at {} failed ({}); next attempt in {} ms", attempt, s.displayName,
                            s.location, outcome, next - System.currentTimeMillis());
                }
                if (!backOff(next)) {
                    threw = true; // interrupted during back-off: the last failure is the outcome
                } else {
                    attempt++;
                    continue;
                }
            }
            try {
                return recordStep(ex, position, s.callee, s.location, s.displayName, threw, outcome, startedAt,
                        System.nanoTime() - t0, attempt, digest);
            } finally {
                if (event != null) {
                    event.end();
                    if (event.shouldCommit()) {
                        event.executionId = ex.id;
                        event.position = position;
                        event.callee = s.displayName;
                        event.callSite = s.location;
                        event.attempts = attempt;
                        event.threw = threw;
                        event.commit();
                    }
                }
            }
        }
    }

    /** Waits until a retry is due; {@code false} if interrupted (the interrupt is kept). */
    private static boolean backOff(long dueAtMillis) {
        long left = dueAtMillis - System.currentTimeMillis();
        if (left <= 0) {
            return true;
        }
        try {
            Thread.sleep(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A digest of a call's arguments (not its receiver), compared on replay: code that now asks the same
     * callee different things has changed. 0 when they cannot be digested (then that site stops trying).
     */
    private int argumentsDigest(Execution ex, CallSiteInfo s, Object[] args) {
        if (!s.digestible || s.parameterCount == 0) {
            return 0;
        }
        int d = ArgumentDigest.of(args, args.length - s.parameterCount, codec, ex.method.loader());
        if (d == 0) {
            s.digestible = false;
        }
        return d;
    }

    /**
     * Answers a call from the journal, after checking that the code asks what was recorded: the
     * recorded result (or exception) of a call, the payload of an event, the deadline of a wait.
     */
    Object replay(Execution ex, ExecutionStep step, String callee, String location, String display)
            throws Throwable {
        if (!step.callee().equals(callee)) {
            throw diverge(ex, step, callee, location);
        }
        if (trace) {
            log.info("replayed {} at {} from the journal (execution {}, step {})", display, location, ex.id,
                    step.position());
        }
        JournaledCallEvent event = JfrGate.mayRecord() ? new JournaledCallEvent() : null;
        if (event != null && event.isEnabled()) {
            event.executionId = ex.id;
            event.position = step.position();
            event.callee = display;
            event.callSite = location;
            event.replayed = true;
            event.threw = step instanceof StepRecorded r0 && r0.threw();
            event.commit();
        }
        if (step instanceof AwaitStarted a) {
            return a.deadlineMillis();
        }
        if (step instanceof EventSent) {
            return null;
        }
        byte[] bytes = step instanceof EventConsumed c ? c.value() : ((StepRecorded) step).value();
        Object value;
        try {
            value = codec.decode(bytes, ex.method.loader());
        } catch (CodecException e) {
            // the message is built only here: replay is hot, and a failure is rare
            throw undecodable(ex, "the recorded outcome of " + display + " at " + location, e);
        }
        if (step instanceof StepRecorded r && r.threw()) {
            throw (Throwable) value;
        }
        return value;
    }

    /** Journals a live outcome, then hands it to the body (returns it or throws it). */
    Object recordStep(Execution ex, int position, String callee, String location, String display,
                      boolean threw, Object outcome, long startedAt, long duration) throws Throwable {
        return recordStep(ex, position, callee, location, display, threw, outcome, startedAt, duration, 1, 0);
    }

    private Object recordStep(Execution ex, int position, String callee, String location, String display,
                              boolean threw, Object outcome, long startedAt, long duration, int attempts,
                              int argumentsDigest) throws Throwable {
        ClassLoader loader = ex.method.loader();
        byte[] bytes;
        try {
            bytes = codec.encode(threw ? sanitize((Throwable) outcome) : outcome, loader);
        } catch (CodecException e) {
            // The call ran but its outcome cannot be kept: record that as the step's outcome, so replay
            // gives the body the same failure at the same position.
            outcome = new LazarusException("LAZ-204", (threw ? "the exception thrown by " : "the result of ")
                    + display + " at " + location + " cannot be journaled: " + e.getMessage()
                    + "; return plain data from it, or mark it recomputed with the agent option recomputed=");
            threw = true;
            bytes = codec.encode(outcome, loader);
        }
        append(new StepRecorded(ex.id, position, callee, location, threw, bytes, startedAt, duration, attempts,
                argumentsDigest));
        if (trace) {
            log.info("live {} at {} recorded (execution {}, step {})", display, location, ex.id, position);
        }
        if (threw) {
            throw (Throwable) outcome;
        }
        return outcome;
    }

    /** Fills in the lazily captured stack trace, so the codec records it. */
    private static Throwable sanitize(Throwable t) {
        t.getStackTrace();
        return t;
    }

    NonDeterminismException diverge(Execution ex, ExecutionStep step, String callee, String location) {
        NonDeterminismException e = new NonDeterminismException("execution " + ex.id + " of "
                + ex.method.display() + " diverged from its journal at step " + step.position()
                + ": the code now calls " + readable(callee) + " at " + location + ", but the journal recorded "
                + readable(step.callee()) + " at " + step.callSite() + ". The execution is kept as DIVERGED and "
                + "retried at the next start: deploy code that makes the same calls in the same order, or guard "
                + "the change with Lazarus.patched(...)");
        ex.diverged = e;
        append(new ExecutionDiverged(ex.id, e.getMessage(), System.currentTimeMillis()));
        log.error("{}", e.getMessage());
        return e;
    }

    private static String readable(String callee) {
        int paren = callee.indexOf('(');
        String name = paren < 0 ? callee : callee.substring(0, paren);
        return name.replace('/', '.');
    }

    // ---- durable calls --------------------------------------------------------------------------

    @Override
    public boolean isReplaying() {
        Execution ex = threads.get().current;
        return ex != null && ex.isReplaying();
    }

    @Override
    public boolean enterBody() {
        ThreadState ts = threads.get();
        if (ts.enterBody) {
            ts.enterBody = false;
            return true;
        }
        return false;
    }

    @Override
    public Object durable(Object method, Object[] receiverAndArgs) throws Throwable {
        DurableMethodInfo m = (DurableMethodInfo) method;
        ThreadState ts = threads.get();
        String resumeId = ts.resumeExecutionId;
        ts.resumeExecutionId = null;
        Object[] args = m.isStatic ? receiverAndArgs : Arrays.copyOfRange(receiverAndArgs, 1, receiverAndArgs.length);
        Execution parent = ts.current;
        ExecutionRecord resuming = resumeId != null && parent == null ? index.get(resumeId) : null;
        byte[] encodedArgs;
        String key;
        if (resuming != null) {
            // recovery decoded these arguments from the record a moment ago: its key is theirs, and encoding
            // them again (Kryo, and a digest for an implicit key) would only cost time at every resume
            encodedArgs = null;
            key = resuming.started.key();
        } else {
            encodedArgs = encodeArguments(m, args);
            key = m.keyIndex >= 0 ? String.valueOf(args[m.keyIndex]) : ValueCodec.digest(encodedArgs);
        }
        if (parent != null) {
            return child(parent, m, receiverAndArgs, encodedArgs, key, ts);
        }
        String identity = ExecutionIndex.identity(m.durableName, key);
        while (true) {
            Execution other = running.get(identity);
            if (other != null && other.thread != Thread.currentThread()) {
                return other.join();
            }
            ExecutionRecord previous = resumeId != null ? index.get(resumeId) : index.latest(identity);
            if (previous != null && previous.isFinished() && (m.keyIndex >= 0 || resumeId != null)) {
                // an explicit key's finished execution answers for it; and a recovery thread that arrives
                // after the application's own call finished the execution must not run it again
                return recordedOutcome(m, previous);
            }
            boolean resume = previous != null && !previous.isFinished();
            Execution ex = new Execution(resume ? previous.id() : ExecutionIds.next(), m, identity,
                    resume ? index.steps(previous) : List.of(),
                    resume ? index.attempts(previous) : new java.util.HashMap<>());
            if (running.putIfAbsent(identity, ex) != null) {
                continue; // another thread claimed it between our look and our claim: join it
            }
            if (resume && previous.isFinished()) {
                running.remove(identity, ex); // it finished between our look and our claim: look again
                continue;
            }
            try {
                if (resume) {
                    append(new RecoveryStarted(ex.id, ex.recorded.size(), System.currentTimeMillis()));
                    if (resumeId == null) {
                        log.info("resuming execution {} of {} ({} recorded steps to replay)", ex.id, m.display(),
                                ex.recorded.size());
                    } else if (log.isDebugEnabled()) {
                        // automatic recovery said so once for the whole class: a line per execution is a
                        // cost that grows with their number, at the moment the process should catch up
                        log.debug("resuming execution {} of {} ({} recorded steps to replay)", ex.id, m.display(),
                                ex.recorded.size());
                    }
                } else {
                    append(new ExecutionStarted(ex.id, null, m.durableName, key, m.keyIndex >= 0,
                            m.owner.getName(), m.name, m.descriptor, m.isStatic, encodedArgs,
                            System.currentTimeMillis()));
                }
                return run(ex, receiverAndArgs, ts);
            } finally {
                running.remove(identity, ex);
            }
        }
    }

    /** A durable method called from a durable body: one step of the parent, an execution of its own. */
    private Object child(Execution parent, DurableMethodInfo m, Object[] receiverAndArgs, byte[] encodedArgs,
                         String key, ThreadState ts) throws Throwable {
        if (parent.diverged != null) {
            throw parent.diverged;
        }
        int position = parent.position++;
        String location = m.owner.getSimpleName() + "." + m.name;
        if (position < parent.recorded.size()) {
            return replay(parent, parent.recorded.get(position), m.callee, location, location);
        }
        String id = parent.id + "/" + position;
        ExecutionRecord previous = index.get(id);
        long startedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Object outcome;
        boolean threw = false;
        if (previous != null && previous.isFinished()) {
            // It finished before the crash but the parent's step was not written: take its outcome.
            try {
                outcome = recordedOutcome(m, previous);
            } catch (Throwable t) {
                outcome = t;
                threw = true;
            }
        } else {
            String identity = ExecutionIndex.identity(m.durableName, key);
            Execution ex = new Execution(id, m, identity, previous != null ? index.steps(previous) : List.of(),
                    previous != null ? index.attempts(previous) : new java.util.HashMap<>());
            if (previous == null) {
                append(new ExecutionStarted(id, parent.id, m.durableName, key, m.keyIndex >= 0, m.owner.getName(),
                        m.name, m.descriptor, m.isStatic, encodedArgs, startedAt));
            }
            try {
                outcome = run(ex, receiverAndArgs, ts);
            } catch (NonDeterminismException e) {
                parent.diverged = e;
                throw e;
            } catch (Throwable t) {
                outcome = t;
                threw = true;
            } finally {
                ts.current = parent;
            }
        }
        return recordStep(parent, position, m.callee, location, location, threw, outcome, startedAt,
                System.nanoTime() - t0);
    }

    /** Runs (or replays) the body of an execution on this thread and journals how it ended. */
    private Object run(Execution ex, Object[] receiverAndArgs, ThreadState ts) throws Throwable {
        ExecutionEvent event = JfrGate.mayRecord() ? new ExecutionEvent() : null;
        if (event != null) {
            event.begin();
        }
        String outcome = "FAILED";
        try {
            Object result = runBody(ex, receiverAndArgs, ts);
            outcome = "COMPLETED";
            return result;
        } catch (NonDeterminismException e) {
            outcome = "DIVERGED";
            throw e;
        } finally {
            if (event != null) {
                event.end();
                if (event.shouldCommit()) {
                    event.executionId = ex.id;
                    event.durableName = ex.method.durableName;
                    event.resumed = !ex.recorded.isEmpty();
                    event.replayedSteps = ex.recorded.size();
                    event.outcome = outcome;
                    event.commit();
                }
            }
        }
    }

    private Object runBody(Execution ex, Object[] receiverAndArgs, ThreadState ts) throws Throwable {
        Execution previous = ts.current;
        ts.current = ex;
        ts.enterBody = true;
        Object result;
        try {
            result = (Object) ex.method.body.invokeExact(receiverAndArgs);
        } catch (NonDeterminismException e) {
            ex.finish(null, e);
            throw e;
        } catch (Throwable t) {
            if (ex.diverged != null) {
                ex.finish(null, ex.diverged);
                throw ex.diverged;
            }
            if (isEngineFailure(t)) {
                ex.finish(null, t);
                throw t;
            }
            finish(ex, ExecutionState.FAILED, sanitize(t));
            ex.finish(null, t);
            throw t;
        } finally {
            ts.current = previous;
            ts.enterBody = false;
        }
        if (ex.diverged != null) {
            ex.finish(null, ex.diverged);
            throw ex.diverged;
        }
        finish(ex, ExecutionState.COMPLETED, result);
        ex.finish(result, null);
        return result;
    }

    /** A failure of the journal itself: the execution is not over, it must resume after a restart. */
    private static boolean isEngineFailure(Throwable t) {
        return t instanceof dev.lazarus.store.log.JournalException;
    }

    private void finish(Execution ex, ExecutionState state, Object outcome) {
        ExecutionRecord record = index.get(ex.id);
        if (record != null && record.isFinished()) {
            return; // cancelled from the command line while it ran: that is its outcome
        }
        byte[] bytes;
        try {
            bytes = codec.encode(outcome, ex.method.loader());
        } catch (CodecException e) {
            LazarusException replacement = new LazarusException("LAZ-205", "the "
                    + (state == ExecutionState.COMPLETED ? "result" : "exception") + " of " + ex.method.display()
                    + " cannot be journaled: " + e.getMessage() + "; return plain data from durable methods");
            bytes = codec.encode(replacement, ex.method.loader());
            state = ExecutionState.FAILED;
        }
        append(new ExecutionFinished(ex.id, state, bytes, System.currentTimeMillis()));
    }

    private Object recordedOutcome(DurableMethodInfo m, ExecutionRecord finished) throws Throwable {
        Object value = decode(null, finished.finished.outcome(), "the recorded outcome of " + m.display());
        if (finished.state == ExecutionState.FAILED) {
            throw (Throwable) value;
        }
        return value;
    }

    private byte[] encodeArguments(DurableMethodInfo m, Object[] args) {
        try {
            return codec.encode(args, m.loader());
        } catch (CodecException e) {
            for (int i = 0; i < args.length; i++) {
                try {
                    codec.encode(args[i], m.loader());
                } catch (CodecException perArgument) {
                    throw new LazarusException("LAZ-203", "argument '" + m.parameterName(i) + "' (parameter "
                            + (i + 1) + ") of @Durable " + m.display() + " cannot be journaled: "
                            + perArgument.getMessage() + "; pass plain data (ids, records, strings) to durable methods");
                }
            }
            throw new LazarusException("LAZ-203", "the arguments of @Durable " + m.display()
                    + " cannot be journaled: " + e.getMessage());
        }
    }

    Object decode(Execution ex, byte[] bytes, String what) {
        ClassLoader loader = ex != null ? ex.method.loader() : ClassLoader.getSystemClassLoader();
        try {
            return codec.decode(bytes, loader);
        } catch (CodecException e) {
            throw undecodable(ex, what, e);
        }
    }

    private static LazarusException undecodable(Execution ex, String what, CodecException e) {
        return new LazarusException("LAZ-206", what + " no longer deserializes: " + e.getMessage()
                + (ex != null ? " (execution " + ex.id + ")" : ""));
    }

    void append(JournalRecord record) {
        journal.append(RecordCodec.typeOf(record), RecordCodec.encode(record));
        index.apply(record);
    }

    // ---- recovery hooks --------------------------------------------------------------------------

    @Override
    public void classInitialized(Class<?> type) {
        recovery.classInitialized(type);
    }

    @Override
    public SwitchPoint instanceAwaited(Class<?> declaringClass) {
        return recovery.instanceAwaited(declaringClass);
    }

    @Override
    public void instanceCreated(Object instance, Class<?> declaringClass) {
        recovery.instanceCreated(instance, declaringClass);
    }

    /** Tells the next durable call on this thread to resume the given execution. */
    void resumeNext(String executionId) {
        threads.get().resumeExecutionId = executionId;
    }

    // ---- the facade ------------------------------------------------------------------------------

    @Override
    public <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout) {
        return waits.awaitEvent(name, key, type, timeout);
    }

    @Override
    public void sendEvent(String name, String key, Object payload) {
        waits.sendEvent(name, key, payload);
    }

    @Override
    public void sleep(Duration duration) {
        waits.sleep(duration);
    }

    @Override
    public void threadSleep(long millis) throws InterruptedException {
        waits.sleepMillis(millis);
    }

    @Override
    public String executionId() {
        Execution ex = threads.get().current;
        return ex == null ? null : ex.id;
    }

    @Override
    public String stepKey() {
        ThreadState ts = threads.get();
        return ts.stepExecution == null ? null : ts.stepExecution.id + "#" + ts.stepPosition;
    }

    /**
     * Live, a marker step is recorded and the new path taken. On replay, a marker at this position means
     * the execution took the new path before; any other recorded step means the journal predates the
     * patch: the old path is taken and no position is used, so the old journal still lines up.
     */
    @Override
    public boolean patched(String changeId) {
        Execution ex = threads.get().current;
        if (ex == null) {
            return true;
        }
        String marker = "Lazarus.patched:" + changeId;
        int position = ex.position;
        if (position < ex.recorded.size()) {
            if (!ex.recorded.get(position).callee().equals(marker)) {
                return false;
            }
            ex.position++;
            return true;
        }
        ex.position++;
        try {
            recordStep(ex, position, marker, CallerLocation.find(), "patched(" + changeId + ")", false, Boolean.TRUE,
                    System.currentTimeMillis(), 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return true;
    }
}
