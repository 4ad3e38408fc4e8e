package dev.lazarus.store.reliability;

import dev.lazarus.store.log.LogFile;
import dev.lazarus.store.log.LogFileOpener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fault-injection seam as the reliability suite uses it: wraps the standard {@link LogFileOpener}, numbers
 * every operation the journal makes on its files (open/create a segment, write, fdatasync, force with metadata,
 * directory sync, truncate, close), labels it (what the journal was doing: opening, writing a batch, rolling
 * over), and at one chosen operation, before or after it runs, either
 * <ul>
 *   <li>{@link Action#THROW}s an {@link IOException}, as a failing disk does, or</li>
 *   <li>{@link Action#KILL}s: the process "dies" there. What survives a SIGKILL is every byte written so far
 *       (the page cache outlives the process), so the segment files are copied as they are into a
 *       <em>kill image</em>. What survives a power cut is only what was synced: a <em>power-cut image</em>
 *       keeps each file up to its last successful sync, and drops files whose directory entry was never
 *       synced; a <em>partial power-cut image</em> also keeps half of the unsynced bytes (pages flushed on
 *       their own). Then the writer is stopped with an exception, and the test reopens each image.</li>
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

    private final Path journal;
    private final Path imageRoot;
    private final int target;
    private final When when;
    private final Action action;
    private final List<String> labels = new ArrayList<>();
    private final List<String> afterFailure = new ArrayList<>();
    private final List<Image> images = new ArrayList<>();
    private final Map<Path, Long> syncedSize = new HashMap<>();
    private final Set<Path> durableEntries = new HashSet<>();
    private final Set<Path> initialFiles = new HashSet<>();
    private final Map<Path, byte[]> initialContent = new HashMap<>();
    private boolean dirSyncedSinceStart;
    private int seq;
    private boolean fired;
    private String firedAt;
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
            for (Path p : Journals.segments(journal)) {
                try {
                    initialFiles.add(p);
                    initialContent.put(p, Files.readAllBytes(p));
                    syncedSize.put(p, Files.size(p));
                    durableEntries.add(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
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
        Path cut = imageRoot.resolve("power-" + k);
        Path partial = imageRoot.resolve("partial-" + k);
        try {
            Files.createDirectories(cut);
            Files.createDirectories(partial);
            Set<Path> present = new HashSet<>(Journals.segments(journal));
            for (Path p : present) {
                if (!durableEntries.contains(p)) {
                    continue; // created, but the directory was not synced since: gone after a power cut
                }
                byte[] all = Files.readAllBytes(p);
                long synced = Math.min(all.length, syncedSize.getOrDefault(p, 0L));
                Files.write(cut.resolve(p.getFileName()), java.util.Arrays.copyOf(all, (int) synced));
                long half = synced + (all.length - synced) / 2;
                Files.write(partial.resolve(p.getFileName()), java.util.Arrays.copyOf(all, (int) half));
            }
            if (!dirSyncedSinceStart) {
                // a deletion (of a torn segment at open) is not durable before the directory sync
                for (Path p : initialFiles) {
                    if (!present.contains(p)) {
                        Files.write(cut.resolve(p.getFileName()), initialContent.get(p));
                        Files.write(partial.resolve(p.getFileName()), initialContent.get(p));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        images.add(new Image("power-cut", cut));
        images.add(new Image("partial-power-cut", partial));
    }

    @Override
    public LogFile open(Path file, boolean create) throws IOException {
        int n = begin(create ? "create-segment" : "open-segment");
        LogFile f = LogFileOpener.standard().open(file, create);
        synchronized (this) {
            if (create) {
                syncedSize.put(file, 0L);
            }
        }
        try {
            end(n, create ? "create-segment" : "open-segment");
        } catch (IOException e) {
            f.close();
            throw e;
        }
        return new Wrapped(file, f);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        int n = begin("sync-directory");
        LogFileOpener.standard().syncDirectory(dir);
        synchronized (this) {
            durableEntries.addAll(Journals.segments(journal));
            dirSyncedSinceStart = true;
        }
        end(n, "sync-directory");
    }

    private final class Wrapped implements LogFile {
        private final Path file;
        private final LogFile f;
        private boolean headerWritten;

        Wrapped(Path file, LogFile f) throws IOException {
            this.file = file;
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
                syncedSize.put(file, f.size());
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
                syncedSize.merge(file, size, Math::min);
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
