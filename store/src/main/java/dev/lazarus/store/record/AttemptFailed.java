package dev.lazarus.store.record;

/**
 * One failed attempt of a journaled call with a retry policy, and when the next attempt is due. Not a
 * step of its own: the call's final outcome is the {@link StepRecorded} at the same position. A process
 * killed during the back-off resumes it: it waits only until {@code nextAttemptAtMillis} and goes on
 * with attempt {@code attempt + 1}.
 *
 * @param executionId the execution
 * @param position the call's position
 * @param attempt which attempt failed, from 1
 * @param callSite where the call is
 * @param exception the encoded exception of that attempt
 * @param nextAttemptAtMillis when the next attempt is due, wall-clock
 */
public record AttemptFailed(
        String executionId, int position, int attempt, String callSite, byte[] exception, long nextAttemptAtMillis)
        implements JournalRecord {}
