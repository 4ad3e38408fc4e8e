package dev.lazarus.store.record;

/**
 * The outcome of one journaled call of an execution, or of a child execution, a durable timer or a
 * {@code patched} marker.
 *
 * @param executionId the execution
 * @param position the call's position in the execution, from 0
 * @param callee {@code owner.name(descriptor)} of the called method (owner in internal form), or
 *               {@link #SLEEP_CALLEE}, or {@link #PATCHED_CALLEE_PREFIX} and a change id
 * @param callSite where the call is, {@code File.java:42}
 * @param threw whether {@code value} is a thrown exception
 * @param value the encoded result or exception
 * @param startedAtMillis wall-clock time the call started
 * @param durationNanos how long the call took
 * @param attempts how many attempts the call took (1 without retries)
 * @param argumentsDigest a digest of the call's arguments, compared on replay; 0 when unknown
 */
public record StepRecorded(
        String executionId,
        int position,
        String callee,
        String callSite,
        boolean threw,
        byte[] value,
        long startedAtMillis,
        long durationNanos,
        int attempts,
        int argumentsDigest)
        implements ExecutionStep {
    /**
     * The callee of a durable timer's step ({@code Lazarus.sleep}, {@code Thread.sleep} in a body): its value is
     * the wake-up time, epoch milliseconds.
     */
    public static final String SLEEP_CALLEE = "Lazarus.sleep";
    /**
     * The callee of a {@code Lazarus.patched(id)} marker step is this prefix followed by the change id: the
     * execution reached that point with the patch in place.
     */
    public static final String PATCHED_CALLEE_PREFIX = "Lazarus.patched:";
}
