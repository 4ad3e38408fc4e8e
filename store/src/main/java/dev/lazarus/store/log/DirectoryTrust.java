package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whether a journal directory may be trusted: owned by the user this process runs as, and writable by nobody
 * else. Whoever can write a journal's files can make the engine decode values of classes of their choice and
 * answer an execution's calls with anything; whoever can write the directory can also swap its files for links to
 * files elsewhere. So a directory that fails the check is refused ({@code LAZ-110}) unless the user accepts it
 * explicitly, and inside a trusted directory no file is ever opened through a symbolic link (a link planted before
 * the directory was made safe, or in a copied journal, could otherwise make a process running as root truncate or
 * read a file elsewhere).
 *
 * <p>Only the directory itself is checked, not its parents: a journal under a world-writable parent with the
 * sticky bit ({@code /tmp}) cannot be renamed or replaced by others. On a file system without POSIX attributes,
 * or where the process's user cannot be told, nothing is checked.
 */
public final class DirectoryTrust {
    /** The stable code of a journal directory, or a file in it, that is not trusted. */
    public static final String UNTRUSTED = "LAZ-110";

    private DirectoryTrust() {}

    /**
     * Refuses a journal directory that another user owns or that others may write to.
     *
     * @param dir an existing journal directory
     * @param acceptHow what the user can do to accept such a directory anyway (an agent option, a flag), named in
     *     the refusal
     * @throws JournalException {@code LAZ-110} naming the directory, its owner and its mode, and what to do
     */
    public static void check(Path dir, String acceptHow) {
        String problem = problem(dir);
        if (problem != null) {
            throw new JournalException(
                    UNTRUSTED,
                    "the journal directory " + dir + " " + problem + "; whoever can write it can make this process"
                            + " decode and run what they wrote. Make it yours and owner-only (chown, then chmod 700),"
                            + " or " + acceptHow);
        }
    }

    /**
     * @param dir an existing directory
     * @return why the directory is not trusted ("is owned by ...", "is writable by ..."), or {@code null} if it is
     *     (or if this file system cannot tell)
     */
    public static String problem(Path dir) {
        PosixFileAttributes a = attributes(dir);
        Integer me = processUid();
        if (a == null || me == null) {
            return null;
        }
        Integer owner = uid(dir);
        if (owner != null && !owner.equals(me)) {
            return "is owned by user '" + a.owner().getName() + "' (uid " + owner + "), not by the user this process"
                    + " runs as (uid " + me + ")";
        }
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "is writable by " + (p.contains(PosixFilePermission.OTHERS_WRITE) ? "every user" : "its group")
                    + " (mode " + PosixFilePermissions.toString(p) + ")";
        }
        return null;
    }

    /**
     * @param dir an existing directory
     * @return the name of the user who owns it, or {@code null} if the process runs as that user (or it cannot be
     *     told); the command line uses it to say which user to run as
     */
    public static String foreignOwner(Path dir) {
        PosixFileAttributes a = attributes(dir);
        Integer me = processUid();
        Integer owner = uid(dir);
        if (a == null || me == null || owner == null || owner.equals(me)) {
            return null;
        }
        return a.owner().getName();
    }

    /**
     * Refuses a file of the journal that is a symbolic link.
     *
     * @param file a file in a journal directory (it may not exist)
     * @throws JournalException {@code LAZ-110} naming the link and where it points
     */
    public static void refuseLink(Path file) {
        if (Files.isSymbolicLink(file)) {
            String target;
            try {
                target = String.valueOf(Files.readSymbolicLink(file));
            } catch (IOException | UnsupportedOperationException e) {
                target = "?";
            }
            throw new JournalException(
                    UNTRUSTED,
                    file + " is a symbolic link (to " + target + "); the files of a journal are never opened through"
                            + " one. Remove the link; if the journal's files were moved, move them back into the"
                            + " directory");
        }
    }

    private static PosixFileAttributes attributes(Path dir) {
        if (!Fs.posix(dir)) {
            return null;
        }
        try {
            return Files.readAttributes(dir, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static Integer uid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }

    /**
     * The user this process runs as: the owner of {@code /proc/self} (Linux), else what the JDK's
     * {@code UnixSystem} says, else unknown.
     */
    private static Integer processUid() {
        Integer fromProc = uid(Path.of("/proc/self"));
        if (fromProc != null) {
            return fromProc;
        }
        try {
            Class<?> c = Class.forName("com.sun.security.auth.module.UnixSystem");
            Object u = c.getConstructor().newInstance();
            return (int) (long) (Long) c.getMethod("getUid").invoke(u);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
