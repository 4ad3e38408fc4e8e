package dev.lazarus.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * What the {@code Lazarus} facade calls: the agent's bridge when the agent is attached, otherwise the
 * in-memory fallback. Not for use by applications.
 */
public interface AgentLink {
    /** The bootstrap class of the agent that implements these operations as static methods. */
    String BRIDGE_CLASS = "dev.lazarus.agent.bridge.Bridge";

    /** @return the link in force for this JVM, resolved once */
    static AgentLink get() {
        return AgentLinks.INSTANCE;
    }

    <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout);

    void sendEvent(String name, String key, Object payload);

    void sleep(Duration duration);

    String executionId();

    String stepKey();

    boolean patched(String changeId);
}
