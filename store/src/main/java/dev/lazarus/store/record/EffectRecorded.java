package dev.lazarus.store.record;

/**
 * An effect at a catalogued boundary (an HTTP exchange, a JDBC statement) that happened inside a journaled
 * call, recorded as plain data the moment it happened. Not a step of its own: it belongs to the step at
 * {@code position}, the call that was running live when the effect happened.
 *
 * <p>Why it is kept although the call's own outcome is journaled too: when that outcome cannot be journaled
 * (an SDK's response object), the step is {@link StepRecomputed} and replay runs the call again, answering
 * each effect inside it from these records, in {@code index} order; and a process killed inside the call
 * leaves these records without a step, so the next process re-runs the call and pays only for the effects
 * that had not happened yet.
 *
 * @param executionId the execution
 * @param position the position of the step the effect belongs to
 * @param index the effect's place among the effects of that step, from 0
 * @param boundary the boundary's stable name, e.g. {@code http:java.net.http}
 * @param callSite where the durable body made the call that led to the effect, {@code File.java:42}
 * @param request what was asked, as people read it ({@code POST http://host/v1/chat/completions})
 * @param threw whether {@code value} is a thrown exception
 * @param value the encoded exchange (plain JDK data, the boundary's documented shape) or exception
 * @param startedAtMillis wall-clock time the effect started
 * @param durationNanos how long it took
 * @param requestDigest a digest of the request as data, compared on replay; 0 when unknown
 */
public record EffectRecorded(
        String executionId,
        int position,
        int index,
        String boundary,
        String callSite,
        String request,
        boolean threw,
        byte[] value,
        long startedAtMillis,
        long durationNanos,
        int requestDigest)
        implements JournalRecord {}
