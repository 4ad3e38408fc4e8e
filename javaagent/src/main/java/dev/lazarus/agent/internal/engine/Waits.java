package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.agent.internal.json.JsonBinder;
import dev.lazarus.agent.internal.json.JsonException;
import dev.lazarus.agent.internal.json.JsonShape;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionStep;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Durable waits (SPEC section 5): events, human approval, timers. Each is one or two steps of the
 * execution, so replay answers them from the journal: a wait journals its absolute deadline first and
 * then its outcome; a timer journals its wake-up time; a send journals the event itself.
 */
final class Waits {
    private static final String SLEEP = "Lazarus.sleep";

    private final Engine engine;
    private final EventHub hub;
    private final ValueCodec codec;
    private final Logger log;

    Waits(Engine engine, EventHub hub, ValueCodec codec, Logger log) {
        this.engine = engine;
        this.hub = hub;
        this.codec = codec;
        this.log = log;
    }

    // ---- events ---------------------------------------------------------------------------------

    <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout) {
        String where = CallerLocation.find();
        Execution ex = engine.current();
        try {
            return ex == null ? awaitOutside(name, key, type, timeout, where) : awaitInside(ex, name, key, type, timeout, where);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new LazarusException("LAZ-500", "waiting for event " + name + "/" + key + " at " + where
                    + " failed: " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> awaitInside(Execution ex, String name, String key, Class<T> type, Duration timeout,
                                        String where) throws Throwable {
        if (ex.diverged != null) {
            throw ex.diverged;
        }
        String display = "awaitEvent(" + name + ", " + key + ")";
        int deadlinePosition = ex.position++;
        long deadline;
        if (deadlinePosition < ex.recorded.size()) {
            deadline = (Long) engine.replay(ex, ex.recorded.get(deadlinePosition), AwaitStarted.CALLEE, where, display);
        } else {
            deadline = saturatedAdd(System.currentTimeMillis(), timeout.toMillis());
            engine.append(new AwaitStarted(ex.id, deadlinePosition, where, name, key, type.getName(),
                    JsonShape.of(type), deadline));
        }
        int position = ex.position++;
        if (position < ex.recorded.size()) {
            return (Optional<T>) engine.replay(ex, ex.recorded.get(position), EventConsumed.CALLEE, where, display);
        }
        ClassLoader loader = ex.method.loader();
        while (true) {
            EventSent event = hub.await(name, key, deadline);
            Optional<T> result;
            if (event == null) {
                result = Optional.empty();
            } else {
                T payload = payloadOrNull(event, type, loader, where);
                if (payload == null) {
                    continue; // it did not fit and was set aside; keep waiting
                }
                result = Optional.of(payload);
            }
            consume(new EventConsumed(ex.id, position, where, event == null ? null : event.eventId(),
                    codec.encode(result, loader), System.currentTimeMillis()), event);
            return result;
        }
    }

    private <T> Optional<T> awaitOutside(String name, String key, Class<T> type, Duration timeout, String where)
            throws InterruptedException {
        long deadline = saturatedAdd(System.currentTimeMillis(), timeout.toMillis());
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
        while (true) {
            EventSent event = hub.await(name, key, deadline);
            if (event == null) {
                return Optional.empty();
            }
            T payload = payloadOrNull(event, type, loader, where);
            if (payload != null) {
                consume(new EventConsumed(null, -1, where, event.eventId(), new byte[0], System.currentTimeMillis()),
                        event);
                return Optional.of(payload);
            }
        }
    }

    /** Records the consumption; if that fails, the event goes back to the hub for the next waiter. */
    private void consume(EventConsumed record, EventSent event) {
        try {
            engine.append(record);
        } catch (RuntimeException e) {
            if (event != null) {
                hub.requeue(event);
            }
            throw e;
        }
    }

    /**
     * The event's payload as the awaited type, or {@code null} if it does not fit — then the event is
     * set aside durably (consumed by no execution) with one warning, so it cannot block the topic.
     */
    private <T> T payloadOrNull(EventSent event, Class<T> type, ClassLoader loader, String where) {
        String problem;
        try {
            Object value = event.json() != null
                    ? JsonBinder.bind(Json.parse(event.json()), type)
                    : codec.decode(event.payload(), loader);
            if (value != null && boxed(type).isInstance(value)) {
                return (T) boxed(type).cast(value);
            }
            problem = "its payload is a " + (value == null ? "null" : value.getClass().getName());
        } catch (JsonException | CodecException e) {
            problem = e.getMessage();
        }
        log.warn("LAZ-502: event {} ({}/{}) does not fit the {} awaited at {}: {}; it is set aside", event.eventId(),
                event.name(), event.key(), type.getName(), where, problem);
        consume(new EventConsumed(null, -1, "rejected at " + where, event.eventId(), new byte[0],
                System.currentTimeMillis()), null);
        return null;
    }

    void sendEvent(String name, String key, Object payload) {
        String where = CallerLocation.find();
        Execution ex = engine.current();
        ClassLoader loader = payload != null && payload.getClass().getClassLoader() != null
                ? payload.getClass().getClassLoader() : ClassLoader.getSystemClassLoader();
        byte[] bytes;
        try {
            bytes = codec.encode(payload, loader);
        } catch (CodecException e) {
            throw new LazarusException("LAZ-504", "the payload of event " + name + "/" + key + " sent at " + where
                    + " cannot be journaled: " + e.getMessage());
        }
        EventSent event;
        if (ex == null) {
            event = new EventSent("ev-" + ExecutionIds.next(), name, key, null, bytes, System.currentTimeMillis(),
                    null, -1, where);
        } else {
            if (ex.diverged != null) {
                throw ex.diverged;
            }
            int position = ex.position++;
            if (position < ex.recorded.size()) {
                ExecutionStep step = ex.recorded.get(position);
                if (!step.callee().equals(EventSent.CALLEE)) {
                    throw engine.diverge(ex, step, EventSent.CALLEE, where);
                }
                return; // sent before the crash: not again
            }
            event = new EventSent(ex.id + "#" + position, name, key, null, bytes, System.currentTimeMillis(), ex.id,
                    position, where);
        }
        engine.append(event);
        hub.publish(event);
    }

    /** An event that arrived through the inbox (from the command line). */
    void receiveExternal(String eventId, String name, String key, String json, long sentAtMillis) {
        EventSent event = new EventSent(eventId, name, key, json, null, sentAtMillis, null, -1, "");
        engine.append(event);
        hub.publish(event);
    }

    // ---- timers ---------------------------------------------------------------------------------

    void sleep(Duration duration) {
        try {
            sleepMillis(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code Lazarus.sleep} and {@code Thread.sleep} in a durable body: the wake-up time is journaled. */
    void sleepMillis(long millis) throws InterruptedException {
        Execution ex = engine.current();
        if (ex == null) {
            Thread.sleep(millis);
            return;
        }
        String where = CallerLocation.find();
        int position = ex.position++;
        long wake;
        try {
            if (position < ex.recorded.size()) {
                wake = (Long) engine.replay(ex, ex.recorded.get(position), SLEEP, where, "sleep");
            } else {
                wake = (Long) engine.recordStep(ex, position, SLEEP, where, "sleep", false,
                        saturatedAdd(System.currentTimeMillis(), millis), System.currentTimeMillis(), 0);
            }
        } catch (RuntimeException | Error | InterruptedException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        long left = wake - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
