package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.agent.internal.json.JsonException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * What an inbox file says, checked before anything acts on it: an event ({@code name}, {@code key}, a
 * {@code payload} and the sender's {@code sentAt}), or an operator's command ({@code control} one of
 * {@code retry}, {@code cancel}, {@code delete}, on an {@code execution}, a delete with the operator's
 * {@code reason}). A file that is not JSON, not an object, or lacks a field of the right type is refused here:
 * recorded as it was, an event without a name or key could never be taken by anyone, and a command without an
 * execution would fail in the middle of the engine's start-up.
 */
final class InboxMessage {
    /** An event, as {@link Inbox.Sink#accept} records it. */
    record Event(String eventId, String name, String key, String json, long sentAtMillis) {}

    /** {@code event}, {@code command} or {@code refusal}: exactly one is set. */
    final Event event;

    final String command;
    final String execution;
    /** A delete's reason ({@code ""} if the operator gave none). */
    final String reason;

    final String refusal;

    private InboxMessage(Event event, String command, String execution, String reason, String refusal) {
        this.event = event;
        this.command = command;
        this.execution = execution;
        this.reason = reason;
        this.refusal = refusal;
    }

    private static InboxMessage refused(String why) {
        return new InboxMessage(null, null, null, null, why);
    }

    /**
     * @param eventId the file's name without {@code .json}: the event's id
     * @param content the file's bytes
     * @param now the time an event that does not say when it was sent is taken to have been sent
     * @return the message, or why the file is refused
     */
    static InboxMessage parse(String eventId, byte[] content, long now) {
        Object parsed;
        try {
            parsed = Json.parse(content);
        } catch (JsonException e) {
            return refused("not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            return refused("not a JSON object");
        }
        if (m.containsKey("control")) {
            if (!(m.get("control") instanceof String command)) {
                return refused("\"control\" is not a string");
            }
            if (!(command.equals("retry") || command.equals("cancel") || command.equals("delete"))) {
                return refused("unknown command \"" + LogText.escape(command) + "\" (retry, cancel or delete)");
            }
            if (!(m.get("execution") instanceof String execution)) {
                return refused("a \"" + command + "\" without an \"execution\" (a string)");
            }
            Object reason = m.get("reason");
            if (reason != null && !(reason instanceof String)) {
                return refused("\"reason\" is not a string");
            }
            return new InboxMessage(null, command, execution, reason == null ? "" : (String) reason, null);
        }
        if (!(m.get("name") instanceof String name) || !(m.get("key") instanceof String key)) {
            return refused("an event needs a \"name\" and a \"key\" (strings)");
        }
        Object sentAt = m.get("sentAt");
        if (sentAt != null && !(sentAt instanceof BigDecimal)) {
            return refused("\"sentAt\" is not a number");
        }
        long sent = sentAt == null ? now : ((BigDecimal) sentAt).longValue();
        return new InboxMessage(
                new Event(eventId, name, key, Json.write(m.get("payload")), sent), null, null, null, null);
    }
}
