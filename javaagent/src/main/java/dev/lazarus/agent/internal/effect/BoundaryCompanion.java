package dev.lazarus.agent.internal.effect;

import java.util.List;

/**
 * A woven method that is not an effect of its own but that a boundary needs to see: the SQL a JDBC statement
 * was prepared with and the parameters set on it (which JDBC offers no way to read back when the statement
 * is executed), or what a statement answers after an effect the journal holds (its generated keys, which on
 * replay the driver's statement cannot know: it never ran).
 *
 * <p>A companion is woven with the same entry hook as a boundary, and the engine calls {@link #enter} only
 * while the thread runs an execution and is not carrying an effect out; otherwise the method runs as
 * written. Nothing a companion does is journaled. While {@link #enter} runs, the engine marks the thread as
 * performing an effect, so a companion that calls the woven method again (to see what it returns) reaches
 * the method as written, and so do the nested calls of wrappers (a pool's proxy statement calling the
 * driver's): the outermost woven call is the one a companion sees.
 *
 * <p>Implementations are thread-safe.
 */
public interface BoundaryCompanion {
    /**
     * @return the name the woven hook passes, unique in the catalog among boundaries and companions (e.g.
     *     {@code jdbc:setParameter}); not journaled
     */
    String id();

    /** @return the methods this companion weaves */
    List<WovenMethod> methods();

    /**
     * Runs at the entry of a woven method.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments, primitives boxed
     * @return {@link dev.lazarus.agent.bridge.Bridge#PROCEED} to run the method as written, or the value it must
     *     return
     * @throws Throwable what the method must throw instead
     */
    Object enter(Object receiver, Object[] args) throws Throwable;
}
