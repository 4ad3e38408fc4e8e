package dev.lazarus.store.record;

/**
 * A waiting execution got the event: the event is consumed and the execution's step recorded, in one
 * record. An event id of {@code null} means the wait timed out.
 *
 * @param executionId the execution that waited, or {@code null} for a wait outside of any execution
 * @param position the step's position, or -1 outside of an execution
 * @param callSite where the wait is
 * @param eventId the consumed event, or {@code null} on timeout
 * @param value the encoded {@code Optional} the wait returned
 * @param atMillis wall-clock time
 */
public record EventConsumed(
        String executionId, int position, String callSite, String eventId, byte[] value, long atMillis)
        implements ExecutionStep {
    /** The callee replay compares for this step. */
    public static final String CALLEE = "Lazarus.awaitEvent";

    @Override
    public String callee() {
        return CALLEE;
    }
}
