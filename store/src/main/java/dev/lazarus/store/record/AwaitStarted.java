package dev.lazarus.store.record;

/**
 * An execution began to wait for the event {@code (name, key)}. The deadline is absolute, so a resumed
 * execution waits only for what is left of it.
 *
 * @param executionId the waiting execution
 * @param position the step's position
 * @param callSite where the wait is
 * @param name the event's name
 * @param key the event's key
 * @param payloadType the awaited payload's class name
 * @param payloadShape the JSON shape the payload must have (for the command line to check events it sends)
 * @param deadlineMillis when the wait times out, wall-clock
 */
public record AwaitStarted(
        String executionId,
        int position,
        String callSite,
        String name,
        String key,
        String payloadType,
        String payloadShape,
        long deadlineMillis)
        implements ExecutionStep {
    /** The callee replay compares for this step. */
    public static final String CALLEE = "Lazarus.awaitEvent:deadline";

    @Override
    public String callee() {
        return CALLEE;
    }
}
