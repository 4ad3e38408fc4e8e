package dev.lazarus.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Optional;

/** Resolves the {@link AgentLink} once: the agent's bootstrap bridge if present, else the fallback. */
final class AgentLinks {
    static final AgentLink INSTANCE = resolve();

    private AgentLinks() {}

    private static AgentLink resolve() {
        Class<?> bridge;
        try {
            // The bridge lives on the bootstrap class path, so every class loader sees the same one.
            bridge = Class.forName(AgentLink.BRIDGE_CLASS, true, null);
        } catch (ClassNotFoundException e) {
            return InMemoryAgentLink.withWarning();
        }
        try {
            return new BridgeAgentLink(bridge);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "LAZ-001: the Lazarus agent on this JVM does not match the " + "lazarus-api on the class path ("
                            + e.getMessage() + "); use the same version of both",
                    e);
        }
    }

    /** Calls the bridge's static methods through method handles resolved once. */
    private static final class BridgeAgentLink implements AgentLink {
        private final MethodHandle awaitEvent;
        private final MethodHandle sendEvent;
        private final MethodHandle sleep;
        private final MethodHandle executionId;
        private final MethodHandle stepKey;
        private final MethodHandle patched;

        BridgeAgentLink(Class<?> bridge) throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            awaitEvent = lookup.findStatic(
                    bridge,
                    "awaitEvent",
                    MethodType.methodType(Optional.class, String.class, String.class, Class.class, Duration.class));
            sendEvent = lookup.findStatic(
                    bridge, "sendEvent", MethodType.methodType(void.class, String.class, String.class, Object.class));
            sleep = lookup.findStatic(bridge, "sleep", MethodType.methodType(void.class, Duration.class));
            executionId = lookup.findStatic(bridge, "executionId", MethodType.methodType(String.class));
            stepKey = lookup.findStatic(bridge, "stepKey", MethodType.methodType(String.class));
            patched = lookup.findStatic(bridge, "patched", MethodType.methodType(boolean.class, String.class));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout) {
            try {
                return (Optional<T>) awaitEvent.invokeExact(name, key, (Class<?>) type, timeout);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public void sendEvent(String name, String key, Object payload) {
            try {
                sendEvent.invokeExact(name, key, payload);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public void sleep(Duration duration) {
            try {
                sleep.invokeExact(duration);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public String executionId() {
            try {
                return (String) executionId.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public String stepKey() {
            try {
                return (String) stepKey.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        public boolean patched(String changeId) {
            try {
                return (boolean) patched.invokeExact(changeId);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        private static RuntimeException rethrow(Throwable t) {
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        }
    }
}
