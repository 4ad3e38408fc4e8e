package dev.lazarus.agent.internal.engine;

import dev.lazarus.agent.internal.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Events sent from outside the process ({@code send-event} on the command line), and operators' commands
 * ({@code retry}, {@code cancel}, {@code delete}), arrive as files in
 * {@code <journal>/inbox/}: written whole, synced and renamed into place by the sender, so the engine
 * never sees half a file and the command line never touches the journal's segments. The engine turns
 * each into an event record (its file name is the event id, so a file ingested twice after a crash is
 * recorded once), then deletes the file: at start-up, and every 200 ms while it runs.
 *
 * <p>The inbox is a trust boundary: whoever can write into it decides what its entries are. The directory is
 * never followed through a symbolic link, by the command line (which would chmod and write into the link's
 * target) nor by the engine (which would delete or rename files there). Each entry is read only if it is a
 * regular file of at most {@link #MAX_FILE_BYTES} ({@link InboxFile}) and says something well-formed
 * ({@link InboxMessage}); anything else is set aside once, with one line naming it (escaped: {@link LogText}),
 * and never holds up the files after it. Events are recorded in batches with one sync each, and start-up
 * ingests for a bounded time only, leaving the rest to the poller.
 */
public final class Inbox {
    /**
     * The largest inbox file the engine reads (1 MiB), far below the journal's 64 MiB record limit: an event
     * is a decision or a reference (an approval, an id), and reading a file must cost the engine little, at
     * start-up and every 200 ms. A larger file is set aside (LAZ-505), and {@code send-event} refuses a payload
     * that would make one.
     */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /** Events recorded with one sync at most: a backlog costs a sync per this many files. */
    private static final int BATCH_FILES = 4096;
    /** ... or per this many bytes read, which bounds what a batch holds in memory. */
    private static final long BATCH_BYTES = 8L << 20;

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
        return write(journal, eventId, event(name, key, payload));
    }

    /**
     * @return the size in bytes of the file {@link #write(Path, String, String, String, Object)} would write for
     *     this event, which it refuses if it is over {@link #MAX_FILE_BYTES}
     */
    public static int fileSize(String name, String key, Object payload) {
        return Json.write(event(name, key, payload)).getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, Object> event(String name, String key, Object payload) {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("name", name);
        event.put("key", key);
        event.put("payload", payload);
        event.put("sentAt", System.currentTimeMillis()); // the sender's clock: this runs in the command line
        return event;
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

    /**
     * The operators' commands waiting in a journal's inbox, read as the engine will read them ({@link InboxFile},
     * {@link InboxMessage}): what the command line applies on top of the journal to show executions as the
     * application will see them. An inbox that is a link, or cannot be listed, holds none; a file the engine would
     * set aside is not a command.
     *
     * @param journal the journal directory
     * @return execution id to its last pending command ({@code retry}, {@code cancel} or {@code delete}), in the
     *     order the commands were written
     */
    public static Map<String, String> pendingCommands(Path journal) {
        Map<String, String> pending = new java.util.LinkedHashMap<>();
        Path dir = of(journal);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return pending;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "ctl-*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            return pending;
        }
        files.sort(null); // command ids grow with time: the order they were written
        for (Path f : files) {
            try {
                InboxFile file = InboxFile.read(f);
                InboxMessage m = file.content == null ? null : InboxMessage.parse("", file.content, 0);
                if (m != null && m.command != null) {
                    pending.put(m.execution, m.command);
                }
            } catch (IOException e) {
                // carried out (and deleted) meanwhile, or unreadable: not a command the application will carry out
            }
        }
        return pending;
    }

    private static Path write(Path journal, String fileId, Map<String, Object> content) throws IOException {
        byte[] bytes = Json.write(content).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException("the file would be " + bytes.length + " bytes, over the inbox's limit of "
                    + MAX_FILE_BYTES + " bytes (1 MiB)");
        }
        Path dir = of(journal);
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            // something not a directory has the name: refused just below
        }
        // createDirectories is content with a symbolic link to a directory, and the chmod and the writes below
        // would follow it: into a directory someone else chose, with the rights of whoever runs this (root?)
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException(dir + " is " + (a.isSymbolicLink() ? "a symbolic link" : "not a directory")
                    + "; the inbox must be a directory of its own (remove " + dir
                    + ", and the next command makes it)");
        }
        PosixFileAttributeView view =
                Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null) { // null: not a POSIX file system, nothing to restrict
            view.setPermissions(PosixFilePermissions.fromString("rwx------"));
        }
        Path temp = dir.resolve(fileId + ".tmp");
        Path target = dir.resolve(fileId + ".json");
        try (FileChannel ch = FileChannel.open(
                temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself is still atomic
        }
        return target;
    }

    /** What {@link Inbox} hands the engine. */
    interface Sink {
        /** @return whether the event id is already in the journal */
        boolean known(String eventId);

        /**
         * Records the events, returning once all of them are as durable as one append is (one write and one sync
         * for the lot, not one per event), and then publishes them.
         */
        void accept(List<InboxMessage.Event> events);

        /** Carries out an operator's command ({@code retry} or {@code cancel}) on an execution. */
        void control(String command, String executionId);

        /** Carries out an operator's {@code delete} of a finished execution, with the reason the operator gave. */
        void delete(String executionId, String reason);
    }

    private final Path dir;
    private final Sink sink;
    private final Logger log;
    private final EngineClock clock;
    /**
     * Entries set aside that could not be renamed (name to file key), skipped without a word while they keep
     * name and identity, so each is reported once per process and not every 200 ms.
     */
    private final Map<String, Object> skipped = new HashMap<>();
    /** The last problem reported with the inbox directory itself, so it is reported once, not every 200 ms. */
    private String directoryProblem;

    private Thread poller;

    /** Files whose events are recorded and durable, not deleted yet (guarded by this). */
    private final List<Path> taken = new ArrayList<>();

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
        ingest(Long.MAX_VALUE);
    }

    /**
     * Ingests the files now in the inbox, in name order (an operator's {@code ctl-} commands before the
     * {@code ev-} events), until every one is taken or {@code budgetNanos} have passed: at start-up the rest is
     * left to the poller, so a backlog never holds {@code main} back for long. The budget is checked after each
     * file, so at least one is taken, and the overrun is at most one file (at most {@link #MAX_FILE_BYTES}) and
     * one sync. Events are recorded in batches, each made durable with one sync; a file is deleted only once what
     * it says is durable, so a crash in between ingests it again (recorded once: its name is the event's id).
     * Deleting is left for last, within what is left of the budget, and the rest for the next round, which deletes
     * them before it lists the inbox: on a file system that discards freed blocks (ext4 mounted with
     * {@code discard}) deleting a synced file costs about 200 µs, which made deletes most of a backlog's start-up
     * (figure 14 of the benchmark report).
     *
     * @param budgetNanos how long this may take, on the monotonic clock
     * @return whether every file was taken (its event recorded, or its command carried out), deleted or not
     */
    synchronized boolean ingest(long budgetNanos) {
        long start = System.nanoTime();
        // an earlier round's, first: listed again, they would be read for nothing. Only start-up has a budget, and
        // it comes first, so the poller's rounds (no budget) always delete every one before they list
        deleteTaken(start, budgetNanos);
        List<Path> files = list();
        Batch batch = new Batch();
        boolean all = true;
        for (int i = 0; i < files.size(); i++) {
            take(files.get(i), batch);
            if (batch.files.size() >= BATCH_FILES || batch.bytes >= BATCH_BYTES) {
                batch.flush();
            }
            if (i + 1 < files.size() && System.nanoTime() - start > budgetNanos) {
                all = false;
                break;
            }
        }
        batch.flush();
        deleteTaken(start, budgetNanos);
        return all;
    }

    /** Deletes the files of recorded events, in order, until {@code budgetNanos} from {@code start} have passed. */
    private void deleteTaken(long start, long budgetNanos) {
        int n = 0;
        while (n < taken.size() && System.nanoTime() - start <= budgetNanos) {
            delete(taken.get(n++));
        }
        taken.subList(0, n).clear();
    }

    /** The {@code *.json} entries, sorted; none if the inbox is missing or is not a directory of its own. */
    private List<Path> list() {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return List.of(); // nothing was ever sent
        } catch (IOException e) {
            reportDirectory("cannot be read: " + e.getMessage());
            return List.of();
        }
        if (!a.isDirectory()) {
            // never followed: the files it leads to are someone else's, and the engine deletes what it ingests
            reportDirectory((a.isSymbolicLink() ? "is a symbolic link" : "is not a directory")
                    + "; it is not read, and nothing sent through it is delivered (remove it: the command line makes"
                    + " a new one)");
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException | DirectoryIteratorException e) {
            reportDirectory("cannot be read: " + e.getMessage());
            return List.of();
        }
        directoryProblem = null;
        files.sort(null);
        if (!skipped.isEmpty()) {
            // forget what is gone, so the memory holds only what is still there
            Set<String> names = new HashSet<>();
            files.forEach(f -> names.add(f.getFileName().toString()));
            skipped.keySet().retainAll(names);
        }
        return files;
    }

    private void reportDirectory(String problem) {
        if (!problem.equals(directoryProblem)) {
            directoryProblem = problem;
            log.warn("LAZ-505: the event inbox {} {}", LogText.escape(dir.toString()), problem);
        }
    }

    /** Takes one file: into the batch (an event), carried out (a command, after the batch), or set aside. */
    private void take(Path file, Batch batch) {
        String name = file.getFileName().toString();
        String eventId = name.substring(0, name.length() - ".json".length());
        Object remembered = skipped.get(name);
        if (remembered != null && remembered.equals(identity(file))) {
            return; // reported already, and could not be moved: not read again either
        }
        InboxFile entry;
        try {
            entry = InboxFile.read(file);
        } catch (NoSuchFileException e) {
            return; // gone since the listing
        } catch (IOException e) {
            setAside(file, "LAZ-505", "cannot be read: " + e.getMessage());
            return;
        }
        if (entry.refusal != null) {
            setAside(file, "LAZ-505", entry.refusal);
            return;
        }
        InboxMessage m = InboxMessage.parse(eventId, entry.content, clock.currentTimeMillis());
        if (m.refusal != null) {
            setAside(file, "LAZ-503", m.refusal);
        } else if (m.event != null) {
            if (!sink.known(eventId)) {
                batch.events.add(m.event);
            }
            batch.files.add(file);
            batch.bytes += entry.content.length;
        } else {
            batch.flush(); // in the order they were sent: the events before this command first
            if (m.command.equals("delete")) {
                sink.delete(m.execution, m.reason);
            } else {
                sink.control(m.command, m.execution);
            }
            delete(file);
        }
    }

    /**
     * @return what identifies an entry while it keeps its name: its device and inode where the file system has
     *     them, else its kind, size and modification time; {@code null} if it cannot be looked at
     */
    private static Object identity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object key = a.fileKey();
            return key != null ? key : List.of(a.isRegularFile(), a.isSymbolicLink(), a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return null;
        }
    }

    /** Events read and not yet recorded, and the files they came from, deleted once they are durable. */
    private final class Batch {
        final List<InboxMessage.Event> events = new ArrayList<>();
        final List<Path> files = new ArrayList<>();
        long bytes;

        void flush() {
            if (!events.isEmpty()) {
                sink.accept(events); // a failing journal throws: the files stay, for the next round or start
            }
            taken.addAll(files); // durable now: deleted last, see ingest
            events.clear();
            files.clear();
            bytes = 0;
        }
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // taken: its id is in the journal now, so reading it again records nothing twice
            log.warn("cannot delete the ingested inbox file {}: {}", LogText.escape(file.toString()), e.getMessage());
        }
    }

    /**
     * Sets an entry aside, once, with one line: renamed to {@code NAME.rejected} (or {@code NAME.N.rejected} if
     * that is taken), which the inbox never reads, or, if it cannot be renamed, left in place and remembered so
     * that it is not reported again by this process. A rename moves the entry itself, never what a link leads to.
     */
    private void setAside(Path file, String code, String why) {
        String name = file.getFileName().toString();
        IOException failed = null;
        for (int n = 1; n <= 100; n++) {
            Path target = file.resolveSibling(name + (n == 1 ? "" : "." + n) + ".rejected");
            try {
                Files.move(file, target, LinkOption.NOFOLLOW_LINKS);
                log.warn(
                        "{}: the inbox file {} is set aside as {}: {}",
                        code,
                        LogText.escape(name),
                        LogText.escape(target.getFileName().toString()),
                        LogText.escape(why));
                return;
            } catch (FileAlreadyExistsException e) {
                failed = e; // try the next name
            } catch (NoSuchFileException e) {
                return; // gone since it was read
            } catch (IOException e) {
                failed = e;
                break;
            }
        }
        Object identity = identity(file);
        if (identity != null) {
            skipped.put(name, identity);
        }
        log.warn(
                "{}: the inbox file {} is skipped ({}); it cannot be renamed ({}), so it stays and is not reported"
                        + " again until the application restarts",
                code,
                LogText.escape(name),
                LogText.escape(why),
                LogText.escape(String.valueOf(failed.getMessage())));
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
