package dev.lazarus.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The facade's behaviour without the agent: events pass between threads of this process only, sleep
 * is a plain sleep, there is no execution. Nothing survives the process.
 */
final class InMemoryAgentLink implements AgentLink {
    private final Map<String, ArrayDeque<Object>> events = new HashMap<>();

    static AgentLink withWarning() {
        System.getLogger("dev.lazarus")
                .log(
                        System.Logger.Level.WARNING,
                        "Lazarus agent not attached: @Durable methods run as plain code and Lazarus.* calls are "
                                + "in-memory only. Add -javaagent:lazarus-agent.jar to make them durable.");
        return new InMemoryAgentLink();
    }

    @Override
    public synchronized <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout) {
        String id = name + '\u0000' + key;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ArrayDeque<Object> queue = events.get(id);
            if (queue != null && !queue.isEmpty()) {
                return Optional.of(type.cast(queue.poll()));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                long millis = Math.max(1, left / 1_000_000);
                wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public synchronized void sendEvent(String name, String key, Object payload) {
        events.computeIfAbsent(name + '\u0000' + key, k -> new ArrayDeque<>()).add(payload);
        notifyAll();
    }

    @Override
    public void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String executionId() {
        return null;
    }

    @Override
    public String stepKey() {
        return null;
    }

    @Override
    public boolean patched(String changeId) {
        return true;
    }
}
