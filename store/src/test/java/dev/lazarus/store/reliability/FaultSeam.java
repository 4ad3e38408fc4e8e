package dev.lazarus.store.reliability;

import dev.lazarus.store.log.LogFile;
import dev.lazarus.store.log.LogFileOpener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault-injection seam as the reliability suite uses it: wraps the standard {@link LogFileOpener}, numbers
 * every operation the journal makes on its files (open/create a segment, write, fdatasync, force with metadata,
 * directory sync, truncate, close, rename, delete), labels it (what the journal was doing: opening, writing a
 * batch, rolling over, compacting), and at one chosen operation, before or after it runs, either
 * <ul>
 *   <li>{@link Action#THROW}s an {@link IOException}, as a failing disk does, or</li>
 *   <li>{@link Action#KILL}s: the process "dies" there. What survives a SIGKILL is every byte written and every
 *       rename and delete made so far (the page cache outlives the process), so the directory is copied as it
 *       is into a <em>kill image</em>. What survives a power cut is only what was synced, and the seam keeps the
 *       two kinds of sync apart, as a file system does: a file's contents are durable up to its last
 *       {@code fsync}; its directory entry (its creation, a rename over it, its deletion) only after the next
 *       directory sync. A <em>power-cut image</em> is the directory as of its last sync with any subset of the
 *       entry changes made since then applied (one image per subset: nothing promises that they persist in
 *       order), each file holding its synced contents; a
 *       <em>partial power-cut image</em> also keeps half of the unsynced bytes (pages flushed on their own). Then
 *       the writer is stopped with an exception, and the test reopens each image.</li>
 * </ul>
 * It also records the operations made after an injected failure, to prove that a failed write or sync is
 * never retried.
 */
final class FaultSeam implements LogFileOpener {
    enum When {
        BEFORE,
        AFTER
    }

    enum Action {
        THROW,
        KILL
    }

    /** A directory state after a simulated death. */
    record Image(String kind, Path dir) {}

    /** A file (an inode): where it is now, and what of it would survive a power cut. */
    private static final class Node {
        Path path; // null once deleted or replaced
        byte[] synced;

        Node(Path path, byte[] synced) {
            this.path = path;
            this.synced = synced;
        }
    }

    /** A change of directory entries, durable only after the next directory sync. */
    private record EntryChange(String kind, Path from, Path to, Node node) {
        void applyTo(Map<Path, Node> entries) {
            switch (kind) {
                case "create" -> entries.put(to, node);
                case "delete" -> entries.remove(from);
                case "rename" -> {
                    Node n = entries.remove(from);
                    if (n != null) {
                        entries.put(to, n);
                    }
                }
                default -> throw new IllegalStateException(kind);
            }
        }
    }

    private final Path journal;
    private final Path imageRoot;
    private final int target;
    private final When when;
    private final Action action;
    private final List<String> labels = new ArrayList<>();
    private final List<String> afterFailure = new ArrayList<>();
    private final List<Image> images = new ArrayList<>();
    /** The directory's entries now. */
    private final Map<Path, Node> entries = new HashMap<>();
    /** The directory's entries as of its last sync. */
    private Map<Path, Node> durableEntries = new HashMap<>();
    /** Entry changes since the last directory sync, in order. */
    private final List<EntryChange> unsyncedChanges = new ArrayList<>();

    private int seq;
    private boolean fired;
    private String firedAt;
    private int firedOperation;
    /** What the journal is doing, set by the test around {@code JournalLog.open}. */
    volatile String phase = "append";

    /**
     * @param journal the journal directory
     * @param imageRoot where images go
     * @param target the operation number (1-based) to act at, 0 for none (a counting run)
     */
    FaultSeam(Path journal, Path imageRoot, int target, When when, Action action) {
        this.journal = journal;
        this.imageRoot = imageRoot;
        this.target = target;
        this.when = when;
        this.action = action;
        if (Files.isDirectory(journal)) {
            // files that exist before the scenario count as durable (made by an earlier, clean run)
            for (Path p : Journals.journalFiles(journal)) {
                try {
                    entries.put(p, new Node(p, Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            durableEntries = new HashMap<>(entries);
        }
    }

    /** @return the labels of every operation so far, in order (index 0 is operation 1) */
    synchronized List<String> labels() {
        return new ArrayList<>(labels);
    }

    synchronized boolean fired() {
        return fired;
    }

    synchronized String firedAt() {
        return firedAt;
    }

    /** @return whether the process "died" (a kill fired): what it does afterwards does not count */
    synchronized boolean killed() {
        return fired && action == Action.KILL;
    }

    /** @return the number of the operation the fault fired at, 0 if none */
    synchronized int firedOperation() {
        return firedOperation;
    }

    synchronized When when() {
        return when;
    }

    synchronized List<Image> images() {
        return new ArrayList<>(images);
    }

    /** @return the operations the journal made after the injected failure (or death) */
    synchronized List<String> operationsAfterFailure() {
        return new ArrayList<>(afterFailure);
    }

    private synchronized int begin(String label) throws IOException {
        String l = phase + ":" + label;
        if (fired) {
            afterFailure.add(l);
        }
        labels.add(l);
        int n = ++seq;
        point(n, l, When.BEFORE);
        return n;
    }

    private synchronized void end(int n, String label) throws IOException {
        point(n, phase + ":" + label, When.AFTER);
    }

    private void point(int n, String label, When w) throws IOException {
        if (fired || n != target || w != when) {
            return;
        }
        fired = true;
        firedOperation = n;
        firedAt = w.name().toLowerCase() + " " + label + " (operation " + n + ")";
        if (action == Action.KILL) {
            takeImages();
            throw new IOException("simulated process death " + firedAt);
        }
        throw new IOException("Input/output error (injected " + firedAt + ")");
    }

    private void takeImages() {
        int k = images.size();
        Path kill = imageRoot.resolve("kill-" + k);
        Journals.copySegments(journal, kill);
        images.add(new Image("kill", kill));
        try {
            int changes = unsyncedChanges.size();
            if (changes > 10) {
                throw new IllegalStateException("too many unsynced directory changes to image: " + changes);
            }
            for (int subset = 0; subset < 1 << changes; subset++) {
                Map<Path, Node> state = new HashMap<>(durableEntries);
                for (int i = 0; i < changes; i++) {
                    if ((subset & 1 << i) != 0) {
                        unsyncedChanges.get(i).applyTo(state);
                    }
                }
                Path cut = imageRoot.resolve("power-" + k + "-" + subset);
                Files.createDirectories(cut);
                for (Map.Entry<Path, Node> e : state.entrySet()) {
                    Files.write(cut.resolve(e.getKey().getFileName()), e.getValue().synced);
                }
                String kind =
                        subset == 0 ? "power-cut" : "power-cut with unsynced directory changes " + describe(subset);
                images.add(new Image(kind, cut));
            }
            Path partial = imageRoot.resolve("partial-" + k);
            Files.createDirectories(partial);
            for (Map.Entry<Path, Node> e : durableEntries.entrySet()) {
                Node n = e.getValue();
                byte[] content = n.synced;
                if (n.path != null) {
                    byte[] all = Files.readAllBytes(n.path);
                    long synced = Math.min(all.length, n.synced.length);
                    content = Arrays.copyOf(all, (int) (synced + (all.length - synced) / 2));
                }
                Files.write(partial.resolve(e.getKey().getFileName()), content);
            }
            images.add(new Image("partial-power-cut", partial));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String describe(int subset) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < unsyncedChanges.size(); i++) {
            if ((subset & 1 << i) != 0) {
                EntryChange c = unsyncedChanges.get(i);
                kept.add(c.kind() + " " + (c.from() != null ? c.from().getFileName() : "")
                        + (c.to() != null ? " -> " + c.to().getFileName() : ""));
            }
        }
        return kept.toString();
    }

    @Override
    public LogFile open(Path file, boolean create) throws IOException {
        String label = create ? "create-" + kind(file) : "open-" + kind(file);
        int n = begin(label);
        LogFile f = LogFileOpener.standard().open(file, create);
        Node node;
        synchronized (this) {
            node = entries.get(file);
            if (create || node == null) {
                node = new Node(file, new byte[0]);
                entries.put(file, node);
                unsyncedChanges.add(new EntryChange("create", null, file, node));
            }
        }
        try {
            end(n, label);
        } catch (IOException e) {
            f.close();
            throw e;
        }
        return new Wrapped(node, f);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        int n = begin("sync-directory");
        LogFileOpener.standard().syncDirectory(dir);
        synchronized (this) {
            durableEntries = new HashMap<>(entries);
            unsyncedChanges.clear();
        }
        end(n, "sync-directory");
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        String label = "rename-" + kind(source) + "-over-" + kind(target);
        int n = begin(label);
        LogFileOpener.standard().rename(source, target);
        synchronized (this) {
            Node replaced = entries.remove(target);
            if (replaced != null) {
                replaced.path = null;
            }
            Node node = entries.remove(source);
            if (node != null) {
                node.path = target;
                entries.put(target, node);
            }
            unsyncedChanges.add(new EntryChange("rename", source, target, node));
        }
        end(n, label);
    }

    @Override
    public void delete(Path file) throws IOException {
        String label = "delete-" + kind(file);
        int n = begin(label);
        LogFileOpener.standard().delete(file);
        synchronized (this) {
            Node node = entries.remove(file);
            if (node != null) {
                node.path = null;
            }
            unsyncedChanges.add(new EntryChange("delete", file, null, node));
        }
        end(n, label);
    }

    private static String kind(Path file) {
        return file.getFileName().toString().endsWith(".compacting") ? "compacting" : "segment";
    }

    private final class Wrapped implements LogFile {
        private final Node node;
        private final LogFile f;
        private boolean headerWritten;

        Wrapped(Node node, LogFile f) throws IOException {
            this.node = node;
            this.f = f;
            this.headerWritten = f.size() > 0;
        }

        @Override
        public long write(ByteBuffer... srcs) throws IOException {
            String label = headerWritten ? "write-batch" : "write-segment-header";
            headerWritten = true;
            int n = begin(label);
            long w = f.write(srcs);
            end(n, label);
            return w;
        }

        @Override
        public void force(boolean metadata) throws IOException {
            String label = metadata ? "force-with-metadata" : "fdatasync";
            int n = begin(label);
            f.force(metadata);
            synchronized (FaultSeam.this) {
                node.synced = Files.readAllBytes(node.path);
            }
            end(n, label);
        }

        @Override
        public long size() throws IOException {
            return f.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            int n = begin("truncate-torn-tail");
            f.truncate(size);
            synchronized (FaultSeam.this) {
                node.synced = Arrays.copyOf(node.synced, (int) Math.min(node.synced.length, size));
            }
            end(n, "truncate-torn-tail");
        }

        @Override
        public void close() throws IOException {
            int n = begin("close-segment");
            f.close();
            end(n, "close-segment");
        }
    }
}
