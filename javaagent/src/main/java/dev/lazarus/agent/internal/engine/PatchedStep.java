package dev.lazarus.agent.internal.engine;

/**
 * The step kind of {@code Lazarus.patched(changeId)}, code versioning: executions that reach the point live
 * take the new path, executions replaying a journal recorded before the patch existed take the old one.
 *
 * <p>Live, a marker step is recorded and the new path taken. On replay, a marker at this position means
 * the execution took the new path before; any other recorded step means the journal predates the patch:
 * the old path is taken and no position is used, so the old journal still lines up.
 */
final class PatchedStep {
    private static final String MARKER = "Lazarus.patched:";

    private final ExecutionContext context;
    private final StepRecorder recorder;

    PatchedStep(ExecutionContext context, StepRecorder recorder) {
        this.context = context;
        this.recorder = recorder;
    }

    /**
     * @param changeId the change's stable id
     * @return whether to take the new path ({@code true} outside an execution)
     */
    boolean patched(String changeId) {
        Execution ex = context.thread().current;
        if (ex == null) {
            return true;
        }
        String marker = MARKER + changeId;
        int position = ex.position;
        if (position < ex.recorded.size()) {
            if (ex.dryReplay != null && ex.dryReplay.isEnd(ex.recorded.get(position))) {
                // a self-check replay past the run's journal: a live run would record a marker here
                throw ex.dryReplay.wentLive(position, marker, CallerLocation.find());
            }
            if (!ex.recorded.get(position).callee().equals(marker)) {
                return false;
            }
            ex.nextPosition();
            return true;
        }
        ex.nextPosition();
        try {
            recorder.record(
                    ex,
                    position,
                    marker,
                    CallerLocation.find(),
                    "patched(" + changeId + ")",
                    false,
                    Boolean.TRUE,
                    context.clock().currentTimeMillis(),
                    0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return true;
    }
}
