package dev.lazarus.agent.internal.instrumentation;

/** A call site's {@link CallKind} and the reason the transparency report gives for it. */
final class Classification {
    private final CallKind kind;
    private final String reason;

    private Classification(CallKind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    static Classification of(CallKind kind, String reason) {
        return new Classification(kind, reason);
    }

    CallKind kind() {
        return kind;
    }

    String reason() {
        return reason;
    }
}
