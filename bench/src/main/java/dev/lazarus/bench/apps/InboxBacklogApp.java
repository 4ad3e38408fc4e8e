package dev.lazarus.bench.apps;

import dev.lazarus.Lazarus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Figure 14: start-up with a backlog in the inbox. The orchestrator fills the journal's {@code inbox/} with event
 * files, as {@code send-event} leaves them while the application is down, notes {@code System.nanoTime()} just
 * before it starts this JVM, and the JVM prints the same clock (one clock for every process of the machine, as in
 * figure 10) when {@code main} is entered ({@code main_ns}) and when no {@code *.json} file is left in the inbox
 * ({@code drained_ns}). The agent deletes a file only once its event is durable in the journal, so an empty inbox
 * means every queued event is recorded; the order in which the agent takes the files does not matter to it.
 *
 * <p>{@code InboxBacklogApp INBOX TIMEOUT_S [NAME KEY PAYLOAD]}: with NAME, KEY and PAYLOAD (one queued event's),
 * the JVM then waits for that event outside any execution ({@code Lazarus.awaitEvent}) and prints whether it got
 * that payload ({@code probe_answered}): the files went into the journal as events, not just away.
 */
public final class InboxBacklogApp {
    /**
     * How often the inbox is looked at: well under the agent's 200 ms poll, which paces what is left after start-up,
     * and seldom enough that looking costs the agent little of the machine's 2 cores.
     */
    private static final long LOOK_MILLIS = 20;

    private InboxBacklogApp() {}

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        Path inbox = Path.of(args[0]);
        long deadline = main + Long.parseLong(args[1]) * 1_000_000_000L;
        boolean drained;
        while (!(drained = !anyJson(inbox)) && System.nanoTime() < deadline) {
            Thread.sleep(LOOK_MILLIS);
        }
        long done = System.nanoTime();
        Out.result("main_ns", main);
        Out.result("drained", drained);
        if (drained) {
            Out.result("drained_ns", done);
        }
        if (args.length > 2) {
            Optional<String> got = Lazarus.awaitEvent(args[2], args[3], String.class, Duration.ofSeconds(30));
            Out.result("probe_answered", got.isPresent() && got.get().equals(args[4]));
        }
    }

    /** @return whether the inbox holds an event file; stops at the first, so a full inbox is not listed each time */
    private static boolean anyJson(Path inbox) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox, "*.json")) {
            return files.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
