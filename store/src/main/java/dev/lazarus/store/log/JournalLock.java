package dev.lazarus.store.log;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journal's owner lock: an OS file lock on {@code journal.lock} in the journal directory, holding
 * the owner's pid, host and the time it took the lock, so a refused second owner can be told who holds it.
 * The file is never deleted: deleting a lock file races with a process that is just opening it, and two
 * processes could then each lock a different inode.
 */
final class JournalLock implements AutoCloseable {
    /**
     * Directories locked by this class loader. Checked before opening the lock file because on POSIX
     * systems closing <em>any</em> descriptor of a file drops all of the process's locks on it, so a
     * second open-and-close in the same JVM would silently release the first owner's lock.
     */
    private static final ConcurrentHashMap<Path, String> HELD = new ConcurrentHashMap<>();

    private static final String PENDING = "";
    /**
     * Channels that met a lock held by another class loader's copy of this class in the same JVM. They
     * are kept open on purpose (see {@link #HELD}); closing them would release that owner's lock.
     */
    private static final List<FileChannel> PARKED = new ArrayList<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    static JournalLock acquire(Path dir) {
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new JournalException(JournalException.IO, "cannot resolve journal directory " + dir + ": " + e, e);
        }
        Path file = dir.resolve(SegmentFormat.LOCK_FILE);
        DirectoryTrust.refuseLink(file);
        String mine = HELD.putIfAbsent(key, PENDING);
        if (mine != null) {
            // Never open the lock file again here: closing that descriptor would drop our own lock.
            throw parse(dir, mine);
        }
        FileChannel ch = null;
        try {
            // never through a link (O_NOFOLLOW): the lock file is truncated and written, and a link planted here
            // would make a process running as root overwrite the file it points to
            ch = FileChannel.open(
                    file,
                    Set.of(
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS),
                    Fs.ownerOnlyFile(file));
            FileLock lock;
            boolean sameJvm = false;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
                sameJvm = true;
            }
            if (lock == null) {
                JournalLockedException ex = lockedBy(dir, file, ch);
                if (sameJvm) {
                    synchronized (PARKED) {
                        PARKED.add(ch);
                    }
                } else {
                    ch.close();
                }
                ch = null;
                HELD.remove(key);
                throw ex;
            }
            String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            String started = ProcessHandle.current()
                    .info()
                    .startInstant()
                    .map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString())
                    .orElse("unknown");
            String info = "pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName() + "\nsince=" + since
                    + "\nstarted=" + started + "\n";
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap(info.getBytes(StandardCharsets.UTF_8));
            long pos = 0;
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
            HELD.put(key, info);
            JournalLock l = new JournalLock(key, ch, lock);
            ch = null;
            return l;
        } catch (IOException e) {
            HELD.remove(key);
            throw new JournalException(
                    JournalException.IO,
                    "cannot lock journal " + dir + " through " + file + ": " + e
                            + "; check the directory's permissions",
                    e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
                HELD.remove(key);
            }
        }
    }

    /**
     * Builds the refusal from what the holder wrote into the lock file (it may be empty for a moment),
     * read through the channel we already have open.
     */
    private static JournalLockedException lockedBy(Path dir, Path file, FileChannel ch) {
        String text = "";
        try {
            ByteBuffer b = ByteBuffer.allocate(1024);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read up to 1 KiB: the holder writes a few short lines
            }
            text = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        } catch (IOException ignored) {
            // the refusal still names the path
        }
        return parse(dir, text);
    }

    private static JournalLockedException parse(Path dir, String text) {
        long pid = -1;
        String host = null;
        String since = null;
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = line.substring(0, eq);
            String v = line.substring(eq + 1).trim();
            switch (k) {
                case "pid":
                    try {
                        pid = Long.parseLong(v);
                    } catch (NumberFormatException ignored) {
                        // unknown
                    }
                    break;
                case "host":
                    host = v;
                    break;
                case "since":
                    since = v;
                    break;
                default:
                    break;
            }
        }
        return new JournalLockedException(dir, pid, host, since);
    }

    private static String hostName() {
        try {
            // Linux: cheap and never waits on DNS, unlike InetAddress.getLocalHost()
            Path p = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(p)) {
                String h = Files.readString(p).trim();
                if (!h.isEmpty()) {
                    return h;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env == null) {
            env = System.getenv("COMPUTERNAME");
        }
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown-host";
        }
    }

    /** Releases the lock; the file stays (see the class comment). */
    @Override
    public void close() {
        try {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            HELD.remove(key);
        }
    }
}
