package dev.lazarus.agent.internal.effect;

/**
 * An effect carried out live by {@link EffectBoundary#perform}.
 *
 * @param data what to journal: JDK types only (see {@link EffectBoundary})
 * @param value what the woven method returns to its caller; for a boundary whose live and replayed answers
 *     must behave alike, usually {@link EffectBoundary#answer} applied to {@code data}
 */
public record Performed(Object data, Object value) {}
