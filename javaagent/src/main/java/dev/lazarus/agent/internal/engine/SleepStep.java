package dev.lazarus.agent.internal.engine;

import java.time.Duration;

/**
 * The step kind of a durable timer, {@code Lazarus.sleep} and {@code Thread.sleep} in a durable body: the
 * wake-up time is journaled as a wall-clock instant, so after a restart the resumed execution sleeps only
 * for what is left of it (nothing, if it has passed). Outside an execution it is a plain sleep.
 */
final class SleepStep {
    private static final String SLEEP = "Lazarus.sleep";

    private final ExecutionContext context;
    private final Replayer replayer;
    private final StepRecorder recorder;
    private final EngineClock clock;

    SleepStep(ExecutionContext context, Replayer replayer, StepRecorder recorder) {
        this.context = context;
        this.replayer = replayer;
        this.recorder = recorder;
        this.clock = context.clock();
    }

    /** {@code Lazarus.sleep}: an interrupt ends it early and stays set. */
    void sleep(Duration duration) {
        try {
            sleepMillis(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code Thread.sleep} as rewritten in a durable body. */
    void sleepMillis(long millis) throws InterruptedException {
        Execution ex = context.thread().current;
        if (ex == null) {
            if (millis < 0) {
                throw new IllegalArgumentException("timeout value is negative"); // as Thread.sleep says
            }
            clock.sleepUntil(saturatedAdd(clock.currentTimeMillis(), millis));
            return;
        }
        String where = CallerLocation.find();
        int position = ex.nextPosition();
        long wake;
        try {
            if (position < ex.recorded.size()) {
                wake = (Long) replayer.outcome(ex, ex.recorded.get(position), SLEEP, where, "sleep");
            } else {
                long now = clock.currentTimeMillis();
                wake = (Long)
                        recorder.record(ex, position, SLEEP, where, "sleep", false, saturatedAdd(now, millis), now, 0);
            }
        } catch (RuntimeException | Error | InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        // a timer is not the execution's own code: a process stopped or killed meanwhile is not its doing
        ThreadState ts = context.thread();
        int slot = ts.boardSlot;
        ActivityBoard board = context.board();
        if (slot >= 0) {
            board.mark(slot, ActivityBoard.WAITING, position);
        }
        try {
            clock.sleepUntil(wake);
        } finally {
            if (slot >= 0) {
                board.mark(slot, ActivityBoard.OWN_CODE);
            }
        }
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} where it would overflow (a sleep "forever"). */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
