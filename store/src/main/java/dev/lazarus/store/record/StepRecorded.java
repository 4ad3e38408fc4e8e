package dev.lazarus.store.record;

/**
 * The outcome of one journaled call (or child execution) of an execution.
 *
 * @param executionId the execution
 * @param position the call's position in the execution, from 0
 * @param callee {@code owner.name(descriptor)} of the called method, owner in internal form
 * @param callSite where the call is, {@code File.java:42}
 * @param threw whether {@code value} is a thrown exception
 * @param value the encoded result or exception
 * @param startedAtMillis wall-clock time the call started
 * @param durationNanos how long the call took
 * @param attempts how many attempts the call took (1 without retries)
 * @param argumentsDigest a digest of the call's arguments, compared on replay; 0 when unknown
 */
public record StepRecorded(String executionId, int position, String callee, String callSite, boolean threw,
                           byte[] value, long startedAtMillis, long durationNanos, int attempts, int argumentsDigest)
        implements ExecutionStep {
}
