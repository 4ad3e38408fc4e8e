package dev.lazarus.store.record;

/**
 * An event was sent durably. Sent from inside an execution, it is also that execution's step, so replay
 * does not send it again; its id is then derived from the execution and position.
 *
 * @param eventId unique id (also the inbox file name for events sent from the command line)
 * @param name the event's name
 * @param key the event's key
 * @param json the payload as JSON text (events from outside the process), or {@code null}
 * @param payload the Kryo-encoded payload (events sent by the application), or {@code null}
 * @param sentAtMillis wall-clock time
 * @param executionId the sending execution, or {@code null}
 * @param position the step's position in it, or -1
 * @param callSite where it was sent from, or {@code ""}
 */
public record EventSent(
        String eventId,
        String name,
        String key,
        String json,
        byte[] payload,
        long sentAtMillis,
        String executionId,
        int position,
        String callSite)
        implements ExecutionStep {
    /** The callee replay compares for this step. */
    public static final String CALLEE = "Lazarus.sendEvent";

    @Override
    public String callee() {
        return CALLEE;
    }
}
