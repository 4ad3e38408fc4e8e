package dev.lazarus.store.record;

/**
 * A journaled call whose outcome could not be journaled (it is not plain data: an SDK's response object
 * holding lazy values, a live resource). Rather than fail after the call's effects were paid for, the step
 * is marked recomputed: replay runs the call again, and every effect inside it that reached a catalogued
 * boundary is answered from its {@link EffectRecorded} records at the same position.
 *
 * @param executionId the execution
 * @param position the call's position in the execution
 * @param callee {@code owner.name(descriptor)} of the called method, owner in internal form
 * @param callSite where the call is, {@code File.java:42}
 * @param reason why the outcome could not be journaled, for {@code show}
 * @param effects how many effects the call had (its {@link EffectRecorded} records at this position)
 * @param argumentsDigest a digest of the call's arguments, compared on replay; 0 when unknown
 */
public record StepRecomputed(
        String executionId,
        int position,
        String callee,
        String callSite,
        String reason,
        int effects,
        int argumentsDigest)
        implements ExecutionStep {}
