package dev.lazarus.agent.internal.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The top-level executions running in this process, by identity: a second caller with the same identity
 * joins the running one instead of starting another, and an operator's cancel reaches its thread.
 */
final class RunningExecutions {
    private final Map<String, Execution> byIdentity = new ConcurrentHashMap<>();

    /** @return the execution running with this identity, or {@code null} */
    Execution get(String identity) {
        return byIdentity.get(identity);
    }

    /** @return whether {@code ex} is now the one running with its identity ({@code false}: another one is) */
    boolean claim(Execution ex) {
        return byIdentity.putIfAbsent(ex.identity, ex) == null;
    }

    /** Forgets {@code ex}, if it is still the one running with its identity. */
    void release(Execution ex) {
        byIdentity.remove(ex.identity, ex);
    }

    /** Interrupts the thread running an execution, if it runs here: a wait or timer in it ends at once. */
    void interrupt(String executionId) {
        for (Execution ex : byIdentity.values()) {
            if (ex.id.equals(executionId)) {
                ex.thread.interrupt();
            }
        }
    }
}
