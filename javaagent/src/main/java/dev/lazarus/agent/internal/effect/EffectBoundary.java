package dev.lazarus.agent.internal.effect;

import java.util.List;

/**
 * One entry of the effect catalog: a library or JDK method through which a process reaches the outside
 * world (an HTTP client's {@code send}, a JDBC statement's {@code execute}), woven where it is defined so
 * that its effect is journaled wherever the call comes from — the durable body, an SDK three layers down, a
 * Kotlin lambda.
 *
 * <p>A boundary turns the effect into plain data and back. Live, {@link #perform} carries the effect out by
 * calling the woven method again (that nested entry passes straight through: the engine marks the thread as
 * performing an effect) and returns what to journal and what to hand the caller. On replay, {@link #answer}
 * rebuilds what the method returns from the journaled data, and nothing leaves the process.
 *
 * <p>The journaled data must consist of JDK types only (maps, lists, strings, numbers, byte arrays): it is
 * decoded in the application's class loader, which sees no agent class. Library objects (an OkHttp
 * {@code Response}, a driver's {@code ResultSet}) are rebuilt through the receiver's own class loader, never
 * compiled against, because the agent's loader cannot see them.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface EffectBoundary {
    /** What {@link #answerHeld} returns when the call is an effect of its own, to be journaled. */
    Object NOT_HELD = new Object();

    /**
     * @return the boundary's stable name, journaled with every effect it records (e.g. {@code http:java.net.http});
     *     part of the journal format: never rename one
     */
    String id();

    /** @return the methods this boundary weaves */
    List<WovenMethod> methods();

    /**
     * Answers a call from what the boundary already holds for its receiver, before any journal entry is made.
     * For a boundary whose effect spans several calls on one object: an {@code HttpURLConnection} makes one
     * exchange, then is read through many getters (status, headers, body), and only the exchange is journaled;
     * the getters are answered from it, live and on replay alike. Called only while the thread runs an
     * execution and is not performing an effect.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @return {@link #NOT_HELD} (the default) to journal the call as an effect of its own through
     *     {@link #request}, {@link #perform} and {@link #answer}; {@code Bridge.PROCEED} to run the method as
     *     written, unjournaled; or the value to return to the caller
     * @throws Throwable what the caller gets instead of a value (an exception the held effect ended with)
     */
    default Object answerHeld(Object receiver, Object[] args) throws Throwable {
        return NOT_HELD;
    }

    /**
     * Describes the request of one call as data: what replay compares and what {@code show} prints. Must not
     * have effects of its own.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @return the request
     * @throws Exception if the request cannot be read (the effect then runs as written and is not journaled)
     */
    EffectRequest request(Object receiver, Object[] args) throws Exception;

    /**
     * Refuses a use of the library that this boundary cannot make durable, before anything is journaled or
     * carried out, live and on replay alike (a JDBC statement in a transaction the database would roll back
     * after a crash while the journal said it happened). The default admits every call.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @throws Throwable what the woven method throws instead of running (one line, with its {@code LAZ-} code)
     */
    default void admit(Object receiver, Object[] args) throws Throwable {}

    /**
     * Carries the effect out, live.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @return the data to journal and the value to return to the caller
     * @throws Throwable the effect's own failure (journaled and thrown again on replay)
     */
    Performed perform(Object receiver, Object[] args) throws Throwable;

    /**
     * Rebuilds what the woven method returns from journaled data.
     *
     * @param receiver the object the woven method was called on
     * @param args its arguments
     * @param data what {@link #perform} journaled, decoded
     * @return the value to return to the caller
     * @throws Throwable if the data cannot be turned back into a value
     */
    Object answer(Object receiver, Object[] args, Object data) throws Throwable;
}
