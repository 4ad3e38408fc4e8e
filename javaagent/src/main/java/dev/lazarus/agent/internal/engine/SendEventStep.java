package dev.lazarus.agent.internal.engine;

import dev.lazarus.LazarusException;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.EventSent;
import java.util.ArrayList;
import java.util.List;

/**
 * The step kind of {@code Lazarus.sendEvent}: the event is persisted ({@link EventSent}) before the call
 * returns, then offered to a waiter ({@link EventHub}). Sent from inside an execution it is a step of that
 * execution, so replay does not send it again. Events that arrive through the inbox (from the command line)
 * are recorded and offered the same way.
 */
final class SendEventStep {
    private final ExecutionContext context;
    private final Replayer replayer;
    private final EventHub hub;
    private final ValueCodec codec;
    private final EngineClock clock;

    SendEventStep(ExecutionContext context, Replayer replayer, EventHub hub) {
        this.context = context;
        this.replayer = replayer;
        this.hub = hub;
        this.codec = context.codec();
        this.clock = context.clock();
    }

    /**
     * @throws LazarusException LAZ-504 if the payload cannot be journaled, LAZ-106 if it is over the record limit
     *     (nothing is sent); LAZ-301 if replay diverges
     */
    void sendEvent(String name, String key, Object payload) {
        String where = CallerLocation.find();
        Execution ex = context.thread().current;
        byte[] bytes;
        try {
            bytes = codec.encode(payload, loaderFor(ex, payload));
        } catch (CodecException e) {
            throw new LazarusException(
                    "LAZ-504",
                    "the payload of event " + name + "/" + key + " sent at " + where + " cannot be journaled: "
                            + e.getMessage());
        }
        if (RecordLimit.exceeded(bytes)) {
            // refused before anything is recorded or offered: the event is not sent
            throw RecordLimit.refusal(
                    "the payload of event " + name + "/" + key + " sent at " + where,
                    bytes.length,
                    "the event is not sent");
        }
        EventSent event;
        if (ex == null) {
            event = new EventSent(
                    "ev-" + ExecutionIds.next(clock.currentTimeMillis()),
                    name,
                    key,
                    null,
                    bytes,
                    clock.currentTimeMillis(),
                    null,
                    -1,
                    where);
        } else {
            if (ex.root.diverged != null) {
                throw ex.root.diverged;
            }
            int position = ex.nextPosition();
            if (position < ex.recorded.size()) {
                replayer.check(
                        ex, ex.recorded.get(position), EventSent.CALLEE, where, "sendEvent(" + name + ", " + key + ")");
                return; // sent before the crash: not again
            }
            event = new EventSent(
                    ex.id + "#" + position, name, key, null, bytes, clock.currentTimeMillis(), ex.id, position, where);
        }
        context.append(event);
        hub.publish(event);
    }

    /**
     * The loader the payload is encoded in: the durable class's inside an execution; outside, the payload's
     * own (encoding only writes class names, and whoever awaits the event decodes it in its own loader).
     */
    private static ClassLoader loaderFor(Execution ex, Object payload) {
        if (ex != null) {
            return ex.method.loader();
        }
        return payload != null ? ValueLoaders.of(payload.getClass()) : ClassLoader.getPlatformClassLoader();
    }

    /**
     * Events that arrived through the inbox (from the command line): recorded, then offered. They are appended
     * without waiting and made durable together, with one sync for the lot (a backlog of thousands at start-up
     * would otherwise cost a sync each), and offered only then: whoever takes one records that it did, and an
     * event must not be taken before it is durable.
     */
    void receiveExternal(List<InboxMessage.Event> events) {
        List<EventSent> sent = new ArrayList<>(events.size());
        long last = 0;
        for (InboxMessage.Event e : events) {
            EventSent event =
                    new EventSent(e.eventId(), e.name(), e.key(), e.json(), null, e.sentAtMillis(), null, -1, "");
            last = context.appendUnawaited(event);
            sent.add(event);
        }
        if (!sent.isEmpty()) {
            context.awaitDurable(last);
        }
        sent.forEach(hub::publish);
    }
}
