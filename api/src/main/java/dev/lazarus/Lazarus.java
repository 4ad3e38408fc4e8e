package dev.lazarus;

import dev.lazarus.internal.AgentLink;
import java.time.Duration;
import java.util.Optional;

/**
 * The one static entry point of Lazarus for code that wants more than {@link Durable}: durable waits,
 * events, timers, step keys and code versioning.
 *
 * <p>With the agent attached these calls are durable and journaled. Without it they degrade to plain
 * in-memory behaviour (events between threads of this process, an ordinary sleep) and one warning
 * is logged, so code written against this facade still runs in tests and tools that do not load the
 * agent.
 */
public final class Lazarus {
    private Lazarus() {}

    /**
     * Waits for the event {@code (name, key)} and returns its payload, or empty when {@code timeout}
     * passes first. Inside an execution the deadline is absolute and journaled: after a restart only
     * what is left of it is waited.
     *
     * @param name the event's name, such as {@code "approval"}
     * @param key the event's key, such as a document id
     * @param type the payload's type
     * @param timeout how long to wait at most
     * @param <T> the payload's type
     * @return the payload, or empty on timeout
     */
    public static <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout) {
        return AgentLink.get().awaitEvent(name, key, type, timeout);
    }

    /**
     * Delivers an event durably: it is persisted before this returns, and consumed by exactly one
     * {@link #awaitEvent} on the same {@code (name, key)}, the one waiting now or the next one.
     *
     * @param name the event's name
     * @param key the event's key
     * @param payload the payload (serializable)
     */
    public static void sendEvent(String name, String key, Object payload) {
        AgentLink.get().sendEvent(name, key, payload);
    }

    /**
     * A durable timer: the wake-up time is journaled, and after a restart only the remainder is slept.
     *
     * @param duration how long to sleep
     */
    public static void sleep(Duration duration) {
        AgentLink.get().sleep(duration);
    }

    /** @return the id of the execution running on this thread, or {@code null} outside of one */
    public static String executionId() {
        return AgentLink.get().executionId();
    }

    /**
     * Inside a journaled call: a key that is the same on every attempt of that call, including after a
     * crash in the middle of it. Pass it as the idempotency key of payment, e-mail or similar APIs.
     *
     * @return the step key, or {@code null} outside of a journaled call
     */
    public static String stepKey() {
        return AgentLink.get().stepKey();
    }

    /**
     * Guards a change to a durable method: {@code true} in executions that reach this point live,
     * {@code false} when replaying a journal recorded before the change existed.
     *
     * @param changeId a stable name for the change
     * @return whether to take the new code path
     */
    public static boolean patched(String changeId) {
        return AgentLink.get().patched(changeId);
    }
}
