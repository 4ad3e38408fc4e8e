package dev.lazarus.agent.cli;

import dev.lazarus.agent.internal.engine.ExecutionIds;
import dev.lazarus.agent.internal.engine.Inbox;
import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.agent.internal.json.JsonException;
import dev.lazarus.agent.internal.json.JsonShape;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecordType;
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
 * waiting for on (NAME, KEY) right now, are refused with one line, and so is an event over the inbox's limit
 * ({@link Inbox#MAX_FILE_BYTES}).
 */
final class SendEventCommand implements Command {
    private static final byte AWAIT_STARTED = RecordType.AWAIT_STARTED.id();
    private static final byte EVENT_CONSUMED = RecordType.EVENT_CONSUMED.id();
    private static final byte EXECUTION_FINISHED = RecordType.EXECUTION_FINISHED.id();

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
        int size = Inbox.fileSize(name, key, payload);
        if (size > Inbox.MAX_FILE_BYTES) {
            // refused here, before the journal is read: the application would set the file aside (LAZ-505)
            throw new CliException("the event is " + size + " bytes as an inbox file, over the inbox's limit of "
                    + Inbox.MAX_FILE_BYTES + " bytes (1 MiB); send a reference to the data (an id, a URL), not the"
                    + " data");
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

    /**
     * The waits on (name, key) in progress according to the journal, read without disturbing it. The check needs
     * the type each waiting execution expects, which only its {@code await-started} record tells, so the journal
     * is read through; the pass decodes only the three kinds of record that open or close a wait and holds only
     * the open waits on this name and key, never the journal.
     */
    private static List<AwaitStarted> waitingOn(Path journal, String name, String key) throws CliException {
        Map<String, AwaitStarted> open = new LinkedHashMap<>();
        JournalScan.scan(journal, JournalScan.EVERYTHING, (lsn, type, bytes) -> {
            if (type == AWAIT_STARTED) {
                AwaitStarted a = (AwaitStarted) RecordCodec.decode(type, bytes);
                if (a.name().equals(name) && a.key().equals(key)) {
                    open.put(a.executionId() + "#" + (a.position() + 1), a);
                }
            } else if (open.isEmpty()) {
                return; // nothing to close: the common case, decided from the type byte alone
            } else if (type == EVENT_CONSUMED) {
                EventConsumed c = (EventConsumed) RecordCodec.decode(type, bytes);
                if (c.executionId() != null) {
                    open.remove(c.executionId() + "#" + c.position());
                }
            } else if (type == EXECUTION_FINISHED) {
                String finished = RecordCodec.decode(type, bytes).executionId();
                // its branches' waits end with it
                open.values()
                        .removeIf(a ->
                                a.executionId().equals(finished) || finished.equals(BranchIds.owner(a.executionId())));
            }
        });
        return List.copyOf(open.values());
    }
}
