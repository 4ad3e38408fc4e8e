package dev.lazarus.agent.internal.instrumentation;

/**
 * A call site's {@link CallKind} and the reason the transparency report gives for it, with the judgement of
 * the callee's declared result when that judgement made the decision.
 */
final class Classification {
    private final CallKind kind;
    private final String reason;
    private final ResultVerdict result;

    private Classification(CallKind kind, String reason, ResultVerdict result) {
        this.kind = kind;
        this.reason = reason;
        this.result = result;
    }

    static Classification of(CallKind kind, String reason) {
        return new Classification(kind, reason, null);
    }

    /** @return this classification, decided by what the callee declares it returns */
    Classification decidedBy(ResultVerdict verdict) {
        return new Classification(kind, reason, verdict);
    }

    CallKind kind() {
        return kind;
    }

    String reason() {
        return reason;
    }

    /** @return the judgement of the callee's declared result that decided, or {@code null} */
    ResultVerdict result() {
        return result;
    }

    /**
     * @return whether what the call returns is a live object of the outside world (a service, a builder, a
     *     resource...) handed out by a recomputed call: calls on it are judged like calls on a field
     */
    boolean returnsLiveObject() {
        return kind == CallKind.RECOMPUTED && result != null && !result.journalable();
    }

    /** @return whether what the call returns is a live resource that no effect boundary covers */
    boolean returnsUncoveredResource() {
        return kind == CallKind.RECOMPUTED && result != null && result.shape() == ResultShape.LIVE_RESOURCE;
    }
}
