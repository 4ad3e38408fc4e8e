package dev.lazarus.bench.harness.report;

/**
 * Figure 12: journaled calls a durable body fans out to an executor's threads (each a branch of the execution),
 * against the same calls made one after the other, in {@code fsync} mode next to the fsync floor of the same JVM,
 * and replayed.
 *
 * @param calls journaled calls per fan-out and per sequential body
 * @param executions measured executions of each kind per latency run
 * @param latencyRuns the fan-out's p50 of every latency run (the median run is the one shown)
 * @param fanOut the fan-out's calls, wall time per execution
 * @param sequential the sequential body's calls, wall time per execution
 * @param plain the same fan-out outside any durable body (the executor alone), in the same JVM
 * @param lastCall when the fan-out's last call started, from the fan-out's start (the executor's hand-offs)
 * @param afterLastCall how long the fan-out went on after its last call started (the journal's part)
 * @param plainLastCall when the plain fan-out's last call started
 * @param floorP50Us the fsync floor (256-byte appends with fdatasync) measured in the same JVM, p50
 * @param floorP99Us the same, p99
 * @param replayExecutions executions of each kind left unfinished and replayed
 * @param journalMb the replayed journal's size
 * @param replayFanOut a replayed fan-out's calls, wall time per execution
 * @param replaySequential a replayed sequential body's calls, wall time per execution
 * @param replayPlain the fan-out outside any durable body, in the replaying JVM
 * @param liveCalls calls that really ran again during replay (must be 0)
 * @param loadBefore the machine's {@code uptime} line before this figure
 * @param loadAfter the same after it
 */
record BranchResults(
        FigureStatus status,
        Double calls,
        Double executions,
        String latencyRuns,
        Span fanOut,
        Span sequential,
        Span plain,
        Span lastCall,
        Span afterLastCall,
        Span plainLastCall,
        Double floorP50Us,
        Double floorP99Us,
        Double replayExecutions,
        String journalMb,
        Span replayFanOut,
        Span replaySequential,
        Span replayPlain,
        String liveCalls,
        String loadBefore,
        String loadAfter) {

    /**
     * The wall time of one kind's calls per execution, µs, and the write system calls the process made meanwhile
     * (in {@code fsync} mode, the journal's syncs the calls waited for; null where not counted).
     */
    record Span(Double p50Us, Double p99Us, Double meanUs, Double writesPerSpan) {}

    /** @return the fan-out's p50 over the same JVM's floor p50: how many syncs it took (target at most 2) */
    Double fanOutToFloor() {
        return Format.div(fanOut.p50Us(), floorP50Us);
    }

    /** @return how long a fan-out went on after its last call started (p50), over the floor p50 */
    Double afterLastCallToFloor() {
        return Format.div(afterLastCall.p50Us(), floorP50Us);
    }

    /** @return the sequential body's p50 over the floor p50 */
    Double sequentialToFloor() {
        return Format.div(sequential.p50Us(), floorP50Us);
    }

    /** @return µs per call of a replayed fan-out (p50 of the executions) */
    Double replayFanOutPerCall() {
        return Format.div(replayFanOut.p50Us(), calls);
    }

    /** @return µs per call of a replayed sequential body (p50 of the executions) */
    Double replaySequentialPerCall() {
        return Format.div(replaySequential.p50Us(), calls);
    }

    /** @return replayed fan-out per call over replayed sequential body per call (target at most 1) */
    Double replayRatio() {
        return Format.div(replayFanOutPerCall(), replaySequentialPerCall());
    }

    /** @return what the agent adds per call of a replayed fan-out: its p50 less the executor's alone, over calls */
    Double replayAgentPerCall() {
        return Format.div(Format.minus(replayFanOut.p50Us(), replayPlain.p50Us()), calls);
    }
}
