package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.json.Json;
import dev.lazarus.agent.internal.json.JsonException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Events sent from outside the process ({@code send-event} on the command line), and operators' commands
 * ({@code retry}, {@code cancel}, {@code delete}), arrive as files in
 * {@code <journal>/inbox/}: written whole, synced and renamed into place by the sender, so the engine
 * never sees half a file and the command line never touches the journal's segments. The engine turns
 * each into an event record (its file name is the event id, so a file ingested twice after a crash is
 * recorded once), then deletes the file: at start-up, and every 200 ms while it runs.
 */
public final class Inbox {
    /** The inbox directory under a journal directory. */
    static Path of(Path journal) {
        return journal.resolve("inbox");
    }

    /**
     * Drops an event into a journal's inbox the way the engine expects: written to a temporary name,
     * synced, renamed into place (atomic), and the directory synced, so neither a crash of the sender nor
     * one of the application leaves half an event or loses an acknowledged one.
     *
     * @param journal the journal directory
     * @param eventId the event's id (the file name)
     * @param name the event's name
     * @param key the event's key
     * @param payload the payload, parsed JSON
     * @return the file written
     * @throws IOException if the inbox cannot be written
     */
    public static Path write(Path journal, String eventId, String name, String key, Object payload) throws IOException {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("name", name);
        event.put("key", key);
        event.put("payload", payload);
        event.put("sentAt", System.currentTimeMillis()); // the sender's clock: this runs in the command line
        return write(journal, eventId, event);
    }

    /**
     * Drops an operator's command ({@code retry} or {@code cancel}) for an execution into the inbox.
     *
     * @return the file written
     * @throws IOException if the inbox cannot be written
     */
    public static Path writeControl(Path journal, String command, String executionId) throws IOException {
        Map<String, Object> control = new java.util.LinkedHashMap<>();
        control.put("control", command);
        control.put("execution", executionId);
        return write(journal, "ctl-" + ExecutionIds.next(), control);
    }

    /**
     * Drops an operator's {@code delete} of a finished execution into the inbox: the running engine (or the next
     * start) checks that it is finished and appends an {@code execution-deleted} record.
     *
     * @param journal the journal directory
     * @param executionId the execution to delete
     * @param reason who or what asked, as the operator gave it (possibly empty)
     * @return the file written
     * @throws IOException if the inbox cannot be written
     */
    public static Path writeDelete(Path journal, String executionId, String reason) throws IOException {
        Map<String, Object> control = new java.util.LinkedHashMap<>();
        control.put("control", "delete");
        control.put("execution", executionId);
        control.put("reason", reason);
        return write(journal, "ctl-" + ExecutionIds.next(), control);
    }

    private static Path write(Path journal, String fileId, Map<String, Object> content) throws IOException {
        Path dir = of(journal);
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
        Path temp = dir.resolve(fileId + ".tmp");
        Path target = dir.resolve(fileId + ".json");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                temp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(Json.write(content).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (java.nio.channels.FileChannel d =
                java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself is still atomic
        }
        return target;
    }

    /** What {@link Inbox} hands the engine for each file. */
    interface Sink {
        /** @return whether the event id is already in the journal */
        boolean known(String eventId);

        /** Records and publishes the event. */
        void accept(String eventId, String name, String key, String json, long sentAtMillis);

        /** Carries out an operator's command ({@code retry} or {@code cancel}) on an execution. */
        void control(String command, String executionId);

        /** Carries out an operator's {@code delete} of a finished execution, with the reason the operator gave. */
        void delete(String executionId, String reason);
    }

    private final Path dir;
    private final Sink sink;
    private final Logger log;
    private final EngineClock clock;
    private Thread poller;

    /**
     * @param journal the journal directory
     * @param sink where events and commands go
     * @param log the agent's logger
     * @param clock the engine's clock: the time an event without one was sent
     */
    Inbox(Path journal, Sink sink, Logger log, EngineClock clock) {
        this.dir = of(journal);
        this.sink = sink;
        this.log = log;
        this.clock = clock;
    }

    /** Ingests every complete file now in the inbox. */
    synchronized void ingest() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            log.warn("cannot read the event inbox {}: {}", dir, e.getMessage());
            return;
        }
        files.sort(null);
        for (Path file : files) {
            String name = file.getFileName().toString();
            String eventId = name.substring(0, name.length() - ".json".length());
            try {
                Map<?, ?> content = (Map<?, ?>) Json.parse(Files.readAllBytes(file));
                if ("delete".equals(content.get("control"))) {
                    Object reason = content.get("reason");
                    sink.delete((String) content.get("execution"), reason == null ? "" : (String) reason);
                } else if (content.get("control") != null) {
                    sink.control((String) content.get("control"), (String) content.get("execution"));
                } else if (!sink.known(eventId)) {
                    Map<?, ?> event = content;
                    Object sentAt = event.get("sentAt");
                    sink.accept(
                            eventId,
                            (String) event.get("name"),
                            (String) event.get("key"),
                            Json.write(event.get("payload")),
                            sentAt instanceof BigDecimal
                                    ? ((BigDecimal) sentAt).longValue()
                                    : clock.currentTimeMillis());
                }
                Files.deleteIfExists(file);
            } catch (JsonException | ClassCastException | IOException e) {
                log.warn("LAZ-503: ignoring the unreadable event file {}: {}", file, e.getMessage());
                quarantine(file);
            }
        }
    }

    private void quarantine(Path file) {
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + ".rejected"));
        } catch (IOException e) {
            log.warn("cannot set aside {}: {}", file, e.getMessage());
        }
    }

    /**
     * Starts a daemon thread that ingests every {@code intervalMillis}. The interval paces file-system reads,
     * it is not a time any execution depends on, so it is real time, not the engine's clock.
     */
    synchronized void startPolling(long intervalMillis) {
        Thread t = new Thread(
                () -> {
                    while (true) {
                        try {
                            Thread.sleep(intervalMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                        synchronized (this) {
                            if (poller != Thread.currentThread()) {
                                return; // stopped while it slept
                            }
                            try {
                                ingest();
                            } catch (RuntimeException e) {
                                log.warn("event inbox: {}", e.toString());
                            }
                        }
                    }
                },
                "lazarus-inbox");
        t.setDaemon(true);
        poller = t;
        t.start();
    }

    /**
     * Stops the polling thread, if any, and waits for it to end. An ingest in progress completes first: the
     * thread is interrupted only outside one, because an interrupt would abort the file reads of an ingest
     * and set a good event file aside as unreadable.
     */
    void stopPolling() {
        Thread t;
        synchronized (this) {
            t = poller;
            poller = null;
            if (t == null) {
                return;
            }
            t.interrupt();
        }
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
