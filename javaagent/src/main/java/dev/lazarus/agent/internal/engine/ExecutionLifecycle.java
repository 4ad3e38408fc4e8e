package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.RecoveryStarted;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * A call of a durable method from outside any execution: decides whether it starts a new execution, joins
 * the one running with its identity on another thread, resumes one an earlier process left unfinished, or
 * is answered by a finished one; a call from inside an execution is a child ({@link ChildExecutionStep}).
 *
 * <p>An execution's identity is (application, durable name, key); the key is the {@code @ExecutionKey}
 * argument's {@code toString()}, or else a digest of all the arguments.
 */
final class ExecutionLifecycle {
    private final ExecutionContext context;
    private final RunningExecutions running;
    private final ExecutionRunner runner;
    private final ExecutionOutcomes outcomes;
    private final ChildExecutionStep children;
    private final ValueCodec codec;
    private final Logger log;
    /**
     * The identities of the executions earlier processes left unfinished, until the application calls each
     * once. That first call gets the execution whatever recovery has done with it by then — joined while it
     * runs, resumed if it has not started, its outcome if it has finished — so a re-call at start-up (a
     * Spring Boot runner, say) never depends on which thread came first. Later calls behave as usual: an
     * implicit key's finished execution is then a new one.
     */
    private final Set<String> leftUnfinished = ConcurrentHashMap.newKeySet();

    ExecutionLifecycle(
            ExecutionContext context,
            RunningExecutions running,
            ExecutionRunner runner,
            ExecutionOutcomes outcomes,
            ChildExecutionStep children) {
        this.context = context;
        this.running = running;
        this.runner = runner;
        this.outcomes = outcomes;
        this.children = children;
        this.codec = context.codec();
        this.log = context.log();
        for (ExecutionRecord r : context.index().unfinishedTopLevel()) {
            leftUnfinished.add(
                    ExecutionIndex.identity(r.started.application(), r.started.durableName(), r.started.key()));
        }
    }

    /**
     * @param m the durable method
     * @param receiverAndArgs its receiver (for an instance method) and arguments
     * @return the execution's result
     * @throws Throwable the execution's exception; LAZ-203 if the arguments cannot be journaled; LAZ-301 if
     *     replay diverged
     */
    Object durable(DurableMethodInfo m, Object[] receiverAndArgs) throws Throwable {
        ThreadState ts = context.thread();
        String resumeId = ts.resumeExecutionId;
        ts.resumeExecutionId = null;
        Object[] args = m.isStatic ? receiverAndArgs : Arrays.copyOfRange(receiverAndArgs, 1, receiverAndArgs.length);
        Execution parent = ts.current;
        ExecutionIndex index = context.index();
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
            return children.call(parent, m, receiverAndArgs, encodedArgs, key, ts);
        }
        String identity = ExecutionIndex.identity(m.application, m.durableName, key);
        // recovery's own calls (resumeId set) do not count as the application's first call
        boolean firstCallSinceTheCrash = resumeId == null && leftUnfinished.remove(identity);
        while (true) {
            Execution other = running.get(identity);
            if (other != null && other.thread != Thread.currentThread()) {
                return other.join();
            }
            // a finished execution answers only for these; otherwise only an unfinished one matters (to resume),
            // and the index holds every unfinished one in full
            boolean finishedAnswers = m.keyIndex >= 0 || resumeId != null || firstCallSinceTheCrash;
            ExecutionRecord previous = resumeId != null
                    ? index.get(resumeId)
                    : finishedAnswers ? index.latest(identity) : index.latestHeld(identity);
            if (previous != null && previous.isFinished() && finishedAnswers) {
                // an explicit key's finished execution answers for it; a recovery thread that arrives after the
                // application's own call finished the execution must not run it again; and the application's
                // first call after a crash gets the execution the crash left, even if recovery finished it first
                return outcomes.recorded(m, previous);
            }
            boolean resume = previous != null && !previous.isFinished();
            Execution ex = new Execution(
                    resume ? previous.id() : ExecutionIds.next(context.clock().currentTimeMillis()),
                    m,
                    identity,
                    resume ? index.steps(previous) : List.of(),
                    resume ? index.attempts(previous) : new HashMap<>(),
                    resume ? index.effects(previous) : Map.of(),
                    resume ? index.branches(previous) : Map.of());
            if (!running.claim(ex)) {
                continue; // another thread claimed it between our look and our claim: join it
            }
            if (resume && previous.isFinished()) {
                running.release(ex); // it finished between our look and our claim: look again
                continue;
            }
            Object[] callArgs = receiverAndArgs;
            if (resume && resumeId == null && !Arrays.equals(encodedArgs, previous.started.arguments())) {
                callArgs = journaledArguments(m, receiverAndArgs, previous);
            }
            try {
                if (resume) {
                    context.append(new RecoveryStarted(
                            ex.id, ex.recordedSteps(), context.clock().currentTimeMillis()));
                    if (resumeId == null) {
                        log.info(
                                "resuming execution {} of {} ({} recorded steps to replay)",
                                ex.id,
                                m.display(),
                                ex.recordedSteps());
                    } else if (log.isDebugEnabled()) {
                        // automatic recovery said so once for the whole class: a line per execution is a
                        // cost that grows with their number, at the moment the process should catch up
                        log.debug(
                                "resuming execution {} of {} ({} recorded steps to replay)",
                                ex.id,
                                m.display(),
                                ex.recordedSteps());
                    }
                } else {
                    context.append(new ExecutionStarted(
                            ex.id,
                            null,
                            m.durableName,
                            key,
                            m.keyIndex >= 0,
                            m.owner.getName(),
                            m.name,
                            m.descriptor,
                            m.isStatic,
                            encodedArgs,
                            context.clock().currentTimeMillis(),
                            m.application));
                }
                return runner.run(ex, callArgs, ts);
            } finally {
                running.release(ex);
            }
        }
    }

    /**
     * The receiver with the arguments an unfinished execution was started with, for the application's call that
     * resumes it with other arguments under the same explicit key. The key names the execution and the execution is
     * what its journal says: replaying its body with other arguments would diverge from the calls it journaled, or,
     * past them, go on live with a request nobody made; a finished execution answers such a call with its own
     * outcome too. Said once per resume ({@code LAZ-302}); if the journaled arguments no longer decode, the call's
     * own are used, as before.
     */
    private Object[] journaledArguments(DurableMethodInfo m, Object[] receiverAndArgs, ExecutionRecord previous) {
        Object[] journaled;
        try {
            journaled = (Object[]) codec.decode(previous.started.arguments(), m.loader());
        } catch (CodecException | ClassCastException e) {
            return receiverAndArgs; // recovery reports what does not decode (LAZ-202); the call goes on as it was
        }
        log.warn(
                "LAZ-302: execution {} of {} with key {} resumes with the arguments it was started with; this call's"
                        + " arguments differ and are not used (the key names the execution)",
                previous.id(),
                m.display(),
                LogText.escape(previous.started.key()));
        if (m.isStatic) {
            return journaled;
        }
        Object[] withReceiver = new Object[journaled.length + 1];
        withReceiver[0] = receiverAndArgs[0];
        System.arraycopy(journaled, 0, withReceiver, 1, journaled.length);
        return withReceiver;
    }

    /**
     * Asked by the first instruction of every durable method.
     *
     * @return {@code true} when the engine itself has just entered the body (run it), {@code false} for an
     *     ordinary call (route it to {@link #durable})
     */
    boolean enterBody() {
        ThreadState ts = context.thread();
        if (ts.enterBody) {
            ts.enterBody = false;
            return true;
        }
        return false;
    }

    private byte[] encodeArguments(DurableMethodInfo m, Object[] args) {
        try {
            byte[] encoded = codec.encode(args, m.loader());
            if (RecordLimit.exceeded(encoded)) {
                throw RecordLimit.refusal(
                        "the arguments of @Durable " + m.display(),
                        encoded.length,
                        "the execution is not started, so nothing in it ran");
            }
            return encoded;
        } catch (CodecException e) {
            for (int i = 0; i < args.length; i++) {
                try {
                    codec.encode(args[i], m.loader());
                } catch (CodecException perArgument) {
                    throw new LazarusException(
                            "LAZ-203",
                            "argument '" + m.parameterName(i) + "' (parameter "
                                    + (i + 1) + ") of @Durable " + m.display() + " cannot be journaled: "
                                    + perArgument.getMessage()
                                    + "; pass plain data (ids, records, strings) to durable methods");
                }
            }
            throw new LazarusException(
                    "LAZ-203", "the arguments of @Durable " + m.display() + " cannot be journaled: " + e.getMessage());
        }
    }
}
