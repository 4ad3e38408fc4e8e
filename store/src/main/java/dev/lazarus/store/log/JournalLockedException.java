package dev.lazarus.store.log;

import java.nio.file.Path;

/**
 * Another process (or another open {@link JournalLog} in this JVM) owns the journal (code {@code LAZ-103}).
 * The message names the holder as it recorded itself in the lock file.
 */
public final class JournalLockedException extends JournalException {
    private static final long serialVersionUID = 1L;

    /** The journal directory. */
    private final transient Path directory;
    /** The holder's process id, or -1 if it could not be read. */
    private final long holderPid;
    /** The holder's host name, or {@code "unknown host"}. */
    private final String holderHost;
    /** When the holder took the lock (ISO-8601), or {@code "an unknown time"}. */
    private final String holderSince;

    /**
     * @param directory the journal directory
     * @param holderPid the holder's process id, or -1 if unknown
     * @param holderHost the holder's host name, or {@code null} if unknown
     * @param holderSince when the holder took the lock (ISO-8601), or {@code null} if unknown
     */
    public JournalLockedException(Path directory, long holderPid, String holderHost, String holderSince) {
        super(
                LOCKED,
                "journal " + directory + " is in use by "
                        + (holderPid >= 0 ? "process " + holderPid : "another process")
                        + " on " + (holderHost != null ? holderHost : "unknown host")
                        + " since " + (holderSince != null ? holderSince : "an unknown time")
                        + "; stop that process or use another journal directory");
        this.directory = directory;
        this.holderPid = holderPid;
        this.holderHost = holderHost != null ? holderHost : "unknown host";
        this.holderSince = holderSince != null ? holderSince : "an unknown time";
    }

    /** @return the journal directory */
    public Path directory() {
        return directory;
    }

    /** @return the holder's process id, or -1 if it could not be read */
    public long holderPid() {
        return holderPid;
    }

    /** @return the holder's host name */
    public String holderHost() {
        return holderHost;
    }

    /** @return when the holder took the lock (ISO-8601 instant) */
    public String holderSince() {
        return holderSince;
    }
}
