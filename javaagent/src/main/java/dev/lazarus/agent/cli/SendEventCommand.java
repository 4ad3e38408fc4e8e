package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.engine.ExecutionIds;
import dev.lazarus.agent.internal.engine.Inbox;
import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.agent.internal.json.JsonException;
import dev.lazarus.agent.internal.json.JsonShape;
import dev.lazarus.store.log.JournalException;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code send-event --journal DIR NAME KEY JSON}: delivers an event to the application that owns the
 * journal, running or not. The event goes through the journal's inbox, never into its segments, so it
 * cannot corrupt the journal. Malformed JSON, and JSON that does not fit the type an execution is
 * waiting for on (NAME, KEY) right now, are refused with one line.
 */
final class SendEventCommand implements Command {
    @Override
    public String name() {
        return "send-event";
    }

    @Override
    public String usage() {
        return "--journal DIR NAME KEY JSON   deliver an event (e.g. an approval) to waiting executions";
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        List<String> words = args.exactly("NAME", "KEY", "JSON");
        String name = words.get(0);
        String key = words.get(1);
        Object payload;
        try {
            payload = Json.parse(words.get(2));
        } catch (JsonException e) {
            throw new CliException("the payload is not valid JSON: " + e.getMessage());
        }
        if (!Files.isDirectory(journal)) {
            throw new CliException("no journal at " + journal + " (start the application with -javaagent:"
                    + "lazarus-agent.jar=journal=" + journal + " first, or fix the path)");
        }
        for (AwaitStarted wait : waitingOn(journal, name, key)) {
            String problem = JsonShape.check(wait.payloadShape(), payload);
            if (problem != null) {
                throw new CliException("execution " + wait.executionId() + " waits at " + wait.callSite() + " for a "
                        + wait.payloadType() + " on " + name + "/" + key + ", and " + problem);
            }
        }
        String eventId = "ev-" + ExecutionIds.next();
        try {
            Inbox.write(journal, eventId, name, key, payload);
        } catch (IOException e) {
            throw new CliException("cannot write the event into " + journal.resolve("inbox") + ": " + e.getMessage());
        }
        out.println("event " + name + "/" + key + " queued as " + eventId + ": the application takes it within about"
                + " a second if it is running, or when it next starts");
        return 0;
    }

    /** The waits on (name, key) that are in progress according to the journal, read without disturbing it. */
    private static List<AwaitStarted> waitingOn(Path journal, String name, String key) throws CliException {
        Map<String, AwaitStarted> open = new LinkedHashMap<>();
        try {
            JournalLog.scan(journal, (lsn, type, bytes) -> {
                JournalRecord r = RecordCodec.decode(type, bytes);
                if (r instanceof AwaitStarted a
                        && a.name().equals(name)
                        && a.key().equals(key)) {
                    open.put(a.executionId() + "#" + (a.position() + 1), a);
                } else if (r instanceof EventConsumed c && c.executionId() != null) {
                    open.remove(c.executionId() + "#" + c.position());
                } else if (r instanceof ExecutionFinished f) {
                    open.values().removeIf(a -> a.executionId().equals(f.executionId()));
                }
            });
        } catch (JournalException e) {
            throw new CliException(e.getMessage());
        }
        return List.copyOf(open.values());
    }
}
