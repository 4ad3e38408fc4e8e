package dev.lazarus.agent.internal.effect;

/**
 * An effect carried out live by {@link EffectBoundary#perform}.
 *
 * @param data what to journal: JDK types only (see {@link EffectBoundary}); {@code null} when {@code streamed}
 * @param value what the woven method returns to its caller; for a boundary whose live and replayed answers
 *     must behave alike, usually {@link EffectBoundary#answer} applied to {@code data}
 * @param streamed for an effect whose data is complete only once the caller has consumed {@code value} (a body
 *     read as a stream): where the data comes from, later; {@code null} when {@code data} is complete
 */
public record Performed(Object data, Object value, StreamedData streamed) {
    /**
     * An effect whose data is complete now.
     *
     * @param data what to journal
     * @param value what the woven method returns
     */
    public Performed(Object data, Object value) {
        this(data, value, null);
    }

    /**
     * An effect whose data is complete once the caller has consumed what it returns.
     *
     * @param value what the woven method returns (reading it feeds {@code streamed})
     * @param streamed where the data comes from
     * @return the effect
     */
    public static Performed streamed(Object value, StreamedData streamed) {
        return new Performed(null, value, java.util.Objects.requireNonNull(streamed, "streamed"));
    }
}
