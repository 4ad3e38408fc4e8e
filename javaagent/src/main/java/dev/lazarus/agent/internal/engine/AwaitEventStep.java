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
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The step kind of {@code Lazarus.awaitEvent}: a durable wait for an event, such as a person's approval.
 * Two steps of the execution: the wait's absolute deadline first ({@link AwaitStarted}), then its outcome
 * ({@link EventConsumed}: the payload, or empty at the deadline). Because the deadline is journaled as a
 * wall-clock instant, a wait resumed after a restart waits only for what is left of it; because the outcome
 * is journaled, replay answers it without waiting. Each event is consumed by exactly one wait on its
 * (name, key) ({@link EventHub}). Outside an execution the wait is in memory only, but still consumes the
 * event durably.
 */
final class AwaitEventStep {
    private final ExecutionContext context;
    private final Replayer replayer;
    private final EventHub hub;
    private final ValueCodec codec;
    private final EngineClock clock;
    private final Logger log;

    AwaitEventStep(ExecutionContext context, Replayer replayer, EventHub hub) {
        this.context = context;
        this.replayer = replayer;
        this.hub = hub;
        this.codec = context.codec();
        this.clock = context.clock();
        this.log = context.log();
    }

    /**
     * @return the event's payload, or empty at the deadline
     * @throws LazarusException LAZ-500 if the wait fails (interrupted: cancelled, or the process is stopping)
     */
    <T> Optional<T> awaitEvent(String name, String key, Class<T> type, Duration timeout) {
        String where = CallerLocation.find();
        Execution ex = context.thread().current;
        try {
            return ex == null
                    ? awaitOutside(name, key, type, timeout, where)
                    : awaitInside(ex, name, key, type, timeout, where);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new LazarusException(
                    "LAZ-500", "waiting for event " + name + "/" + key + " at " + where + " failed: " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> awaitInside(
            Execution ex, String name, String key, Class<T> type, Duration timeout, String where) throws Throwable {
        if (ex.root.diverged != null) {
            throw ex.root.diverged;
        }
        String display = "awaitEvent(" + name + ", " + key + ")";
        int deadlinePosition = ex.nextPosition();
        long deadline;
        if (deadlinePosition < ex.recorded.size()) {
            AwaitStarted started = (AwaitStarted) check(ex, deadlinePosition, AwaitStarted.CALLEE, where, display);
            deadline = started.deadlineMillis();
        } else {
            deadline = SleepStep.saturatedAdd(clock.currentTimeMillis(), timeout.toMillis());
            context.append(new AwaitStarted(
                    ex.id, deadlinePosition, where, name, key, type.getName(), JsonShape.of(type), deadline));
        }
        int position = ex.nextPosition();
        if (position < ex.recorded.size()) {
            EventConsumed consumed = (EventConsumed) check(ex, position, EventConsumed.CALLEE, where, display);
            return (Optional<T>) replayer.decode(ex, consumed.value(), display, where);
        }
        ClassLoader loader = ex.method.loader();
        // waiting is not the execution's own code: a process stopped or killed meanwhile is not its doing
        ThreadState ts = context.thread();
        int slot = ts.boardSlot;
        ActivityBoard board = context.board();
        if (slot >= 0) {
            board.mark(slot, ActivityBoard.WAITING, position);
        }
        try {
            return awaitLive(ex, name, key, type, deadline, position, loader, where);
        } finally {
            if (slot >= 0) {
                board.mark(slot, ActivityBoard.OWN_CODE);
            }
        }
    }

    /** Waits for the event or the deadline, and journals which came. */
    private <T> Optional<T> awaitLive(
            Execution ex,
            String name,
            String key,
            Class<T> type,
            long deadline,
            int position,
            ClassLoader loader,
            String where)
            throws Throwable {
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
            consume(
                    new EventConsumed(
                            ex.id,
                            position,
                            where,
                            event == null ? null : event.eventId(),
                            codec.encode(result, loader),
                            clock.currentTimeMillis()),
                    event);
            return result;
        }
    }

    /** The step recorded at a position, once checked to be what the code asks there now. */
    private ExecutionStep check(Execution ex, int position, String callee, String where, String display) {
        ExecutionStep step = ex.recorded.get(position);
        replayer.check(ex, step, callee, where, display);
        return step;
    }

    private <T> Optional<T> awaitOutside(String name, String key, Class<T> type, Duration timeout, String where)
            throws InterruptedException {
        long deadline = SleepStep.saturatedAdd(clock.currentTimeMillis(), timeout.toMillis());
        // no durable method here: the waiting code's own loader sees the application's payload types
        Class<?> caller = CallerLocation.findClass();
        ClassLoader loader = ValueLoaders.of(caller != null ? caller : type);
        while (true) {
            EventSent event = hub.await(name, key, deadline);
            if (event == null) {
                return Optional.empty();
            }
            T payload = payloadOrNull(event, type, loader, where);
            if (payload != null) {
                consume(
                        new EventConsumed(null, -1, where, event.eventId(), new byte[0], clock.currentTimeMillis()),
                        event);
                return Optional.of(payload);
            }
        }
    }

    /** Records the consumption; if that fails, the event goes back to the hub for the next waiter. */
    private void consume(EventConsumed record, EventSent event) {
        try {
            context.append(record);
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
            problem = "its payload is a "
                    + (value == null ? "null" : value.getClass().getName());
        } catch (JsonException | CodecException e) {
            problem = e.getMessage();
        }
        log.warn(
                "LAZ-502: event {} ({}/{}) does not fit the {} awaited at {}: {}; it is set aside",
                LogText.escape(event.eventId()), // from the inbox: whatever its sender wrote
                LogText.escape(event.name()),
                LogText.escape(event.key()),
                type.getName(),
                where,
                problem);
        consume(
                new EventConsumed(
                        null, -1, "rejected at " + where, event.eventId(), new byte[0], clock.currentTimeMillis()),
                null);
        return null;
    }

    private static Class<?> boxed(Class<?> type) {
        return type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
    }
}
