package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.bridge.Dispatcher;
import dev.lazarus.agent.internal.config.RetryPolicy;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.agent.internal.retention.CompactionDaemon;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.SwitchPoint;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The engine as the bridge sees it: a router from each {@link Dispatcher} entry to the part that owns the
 * concept. Durable calls go to the execution lifecycle ({@link ExecutionLifecycle}); each kind of step of a
 * durable body to its own class, which holds its live, replay and compare logic ({@link JournaledCallStep},
 * {@link EffectStep},
 * {@link ChildExecutionStep}, {@link AwaitEventStep}, {@link SendEventStep}, {@link SleepStep},
 * {@link PatchedStep}); class and instance hooks to {@link Recovery}; the inbox's commands to
 * {@link OperatorCommands}. The parts share nothing but the {@link ExecutionContext} port and the few
 * helpers they are given here; none of them knows this class.
 */
public final class Engine implements Dispatcher {
    private final EngineContext context;
    private final ExecutionLifecycle lifecycle;
    private final JournaledCallStep calls;
    private final EffectStep effects;
    private final ForkStep forks;
    private final Branches branches;
    private final AwaitEventStep awaits;
    private final SendEventStep sends;
    private final SleepStep sleeps;
    private final PatchedStep patches;
    private final OperatorCommands commands;
    private final ExecutionOutcomes outcomes;
    private final Recovery recovery;
    private final SelfCheck selfCheck;
    private volatile Inbox inbox;
    private volatile IndexCheckpointer checkpoints;
    private volatile CompactionDaemon compaction;

    /**
     * Builds the parts over one context.
     *
     * @param context the journal, index, codec and clock
     * @param events the hub of pending events, filled from the journal
     * @param automaticRecovery whether unfinished executions resume on their own ({@code recover=auto})
     * @param recoveryThreads where they resume
     * @param catalog the boundaries whose effects are journaled where they happen
     * @param selfCheck whether every execution that finishes is replayed at once from its journal
     *     ({@code selfcheck=replay})
     */
    Engine(
            EngineContext context,
            EventHub events,
            boolean automaticRecovery,
            Executor recoveryThreads,
            EffectCatalog catalog,
            boolean selfCheck) {
        this.context = context;
        this.outcomes = new ExecutionOutcomes(context);
        Divergence divergence = new Divergence(context);
        Replayer replayer = new Replayer(context, divergence);
        StepRecorder recorder = new StepRecorder(context);
        this.selfCheck = selfCheck ? new SelfCheck(context, outcomes) : null;
        ExecutionRunner runner = new ExecutionRunner(outcomes, this.selfCheck, context.board());
        RunningExecutions running = new RunningExecutions();
        this.calls = new JournaledCallStep(context, replayer, divergence, recorder);
        this.branches = new Branches(context);
        this.effects = new EffectStep(
                context, catalog, replayer, divergence, new AsyncEffectStep(context, replayer, divergence, branches));
        this.forks = new ForkStep(context, replayer, recorder, branches);
        this.lifecycle = new ExecutionLifecycle(
                context,
                running,
                runner,
                outcomes,
                new ChildExecutionStep(context, replayer, recorder, runner, outcomes));
        this.awaits = new AwaitEventStep(context, replayer, events);
        this.sends = new SendEventStep(context, replayer, events);
        this.sleeps = new SleepStep(context, replayer, recorder);
        this.patches = new PatchedStep(context, recorder);
        this.commands = new OperatorCommands(context, outcomes, running);
        this.recovery = new Recovery(automaticRecovery, recoveryThreads, context, outcomes);
    }

    ExecutionContext context() {
        return context;
    }

    ExecutionOutcomes outcomes() {
        return outcomes;
    }

    Recovery recovery() {
        return recovery;
    }

    /** @return the self-check mode, or {@code null} when it is off */
    SelfCheck selfCheck() {
        return selfCheck;
    }

    /** What the inbox hands over: events sent from the command line, and operators' commands. */
    Inbox.Sink inboxSink() {
        return new Inbox.Sink() {
            @Override
            public boolean known(String eventId) {
                return context.index().hasEvent(eventId);
            }

            @Override
            public void accept(java.util.List<InboxMessage.Event> events) {
                sends.receiveExternal(events);
            }

            @Override
            public void control(String command, String executionId) {
                commands.carryOut(command, executionId);
            }

            @Override
            public void delete(String executionId, String reason) {
                commands.delete(executionId, reason);
            }
        };
    }

    /** @return the inbox, or {@code null} before the starter made it */
    Inbox inbox() {
        return inbox;
    }

    /** The inbox whose polling {@link #close} stops. */
    void polls(Inbox inbox) {
        this.inbox = inbox;
    }

    /** The index checkpointer {@link #close} stops, after a last checkpoint. */
    void checkpoints(IndexCheckpointer checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** Writes the index's checkpoint now (at a graceful exit), if anything was appended since the last one. */
    void checkpointNow() {
        IndexCheckpointer c = checkpoints;
        if (c != null) {
            c.writeNow();
        }
    }

    /** The compaction daemon {@link #close} stops (after the pass under way) before the journal closes. */
    void compacts(CompactionDaemon compaction) {
        this.compaction = compaction;
    }

    /** @return the compaction daemon, or {@code null} before the starter made it */
    CompactionDaemon compaction() {
        return compaction;
    }

    /**
     * Stops polling the inbox, marks the activity board clean (a graceful stop: no execution is blamed for it) and
     * closes the journal: records already appended are written out, and any later journal write fails (LAZ-105),
     * so executions still running here stay unfinished in the journal. The agent never calls this (the process's
     * exit ends it, and a shutdown hook marks the board clean); tests restart with it.
     */
    void close() {
        context.board().markClean();
        IndexCheckpointer c = checkpoints;
        if (c != null) {
            c.close();
        }
        stop();
    }

    /**
     * What a killed process leaves, for tests: the activity board stays as this process's threads left it (and
     * they write it no more), the journal is closed as by {@link #close}.
     */
    void closeAsKilled() {
        context.board().detach();
        stop();
    }

    private void stop() {
        IndexCheckpointer cp = checkpoints;
        if (cp != null) {
            cp.stop(); // a killed process writes nothing more; after close() this is a no-op
        }
        Inbox i = inbox;
        if (i != null) {
            i.stopPolling();
        }
        CompactionDaemon c = compaction;
        if (c != null) {
            c.close();
        }
        context.close();
    }

    // ---- linking ------------------------------------------------------------------------------

    @Override
    public Object resolveCallSite(
            Class<?> caller, String callerMethod, String callee, String sourceFile, int line, String retry) {
        String file = sourceFile == null || sourceFile.isEmpty() ? caller.getSimpleName() + ".java" : sourceFile;
        return new CallSiteInfo(callee, file + ":" + line, RetryPolicy.decode(retry));
    }

    @Override
    public Object resolveDurableMethod(
            Class<?> owner,
            String name,
            String descriptor,
            boolean isStatic,
            String durableName,
            int keyIndex,
            MethodHandle body) {
        return new DurableMethodInfo(owner, name, descriptor, isStatic, durableName, keyIndex, body);
    }

    // ---- durable methods and the steps of their bodies --------------------------------------------

    @Override
    public Object call(Object site, MethodHandle target, Object[] args) throws Throwable {
        return calls.call(site, target, args);
    }

    @Override
    public Object fork(Object site, MethodHandle target, Object[] args) throws Throwable {
        return forks.fork(site, target, args);
    }

    @Override
    public Runnable branch(Runnable task) {
        return branches.branch(task);
    }

    @Override
    public Object effect(String boundary, Object receiver, Object[] args) throws Throwable {
        return effects.effect(boundary, receiver, args);
    }

    @Override
    public Object durable(Object method, Object[] receiverAndArgs) throws Throwable {
        return lifecycle.durable((DurableMethodInfo) method, receiverAndArgs);
    }

    @Override
    public boolean enterBody() {
        return lifecycle.enterBody();
    }

    @Override
    public boolean isReplaying() {
        Execution ex = context.thread().current;
        return ex != null && ex.isReplaying();
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

    // ---- the facade ------------------------------------------------------------------------------

    @Override
    public <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout) {
        return awaits.awaitEvent(name, key, type, timeout);
    }

    @Override
    public void sendEvent(String name, String key, Object payload) {
        sends.sendEvent(name, key, payload);
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.sleep(duration);
    }

    @Override
    public void threadSleep(long millis) throws InterruptedException {
        sleeps.sleepMillis(millis);
    }

    @Override
    public String executionId() {
        Execution ex = context.thread().current;
        return ex == null ? null : ex.root.id; // a branch answers for the execution it belongs to
    }

    @Override
    public String stepKey() {
        ThreadState ts = context.thread();
        return ts.stepExecution == null ? null : ts.stepExecution.id + "#" + ts.stepPosition;
    }

    @Override
    public boolean patched(String changeId) {
        return patches.patched(changeId);
    }
}
