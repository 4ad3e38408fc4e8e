package dev.lazarus.agent.internal.effect;

/**
 * What one call of a boundary asks of the outside world, as data.
 *
 * @param description what people read in logs and {@code show}, e.g. {@code POST http://127.0.0.1/v1/messages}
 * @param digest a digest of the request's values (never of identities), the same in every JVM for the same
 *     request; replay compares it with the journaled one. Never 0 for a request that was digested
 */
public record EffectRequest(String description, int digest) {}
