package dev.lazarus.agent.internal.instrumentation;

/** The judgement of one declared result type: its {@link ResultShape} and the words the report gives for it. */
final class ResultVerdict {
    private final ResultShape shape;
    private final String type;
    private final String reason;

    private ResultVerdict(ResultShape shape, String type, String reason) {
        this.shape = shape;
        this.type = type;
        this.reason = reason;
    }

    /**
     * @param shape what the type is
     * @param type the type as the report names it ({@code Params.Builder}, {@code Socket[]})
     * @param detail what made the shape, or {@code null}; appended to the type ("Session, an AutoCloseable")
     */
    static ResultVerdict of(ResultShape shape, String type, String detail) {
        String named = detail == null ? type : type + ", " + detail;
        String reason;
        if (shape == ResultShape.UNKNOWN) {
            reason = "returns " + named + ": only run time can tell";
        } else {
            reason = "returns " + shape.phrase() + " (" + named + ")";
        }
        return new ResultVerdict(shape, type, reason);
    }

    /** A method that returns nothing. */
    static ResultVerdict nothing() {
        return new ResultVerdict(ResultShape.DATA, "void", "returns nothing");
    }

    ResultShape shape() {
        return shape;
    }

    /** @return whether a call returning it may be journaled */
    boolean journalable() {
        return shape.journalable();
    }

    /** @return the type, as the report names it */
    String type() {
        return type;
    }

    /** @return "returns a builder (Params.Builder)" */
    String reason() {
        return reason;
    }
}
