package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * File-system helpers for owner-only permissions. Journal files are deserialized with Kryo without class
 * registration, so anyone who can write them can make the engine instantiate classes, and anyone who can
 * read them sees application data: directory rwx------, files rw-------.
 */
final class Fs {
    private static final FileAttribute<Set<PosixFilePermission>> DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

    private Fs() {}

    static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** @return the attributes to create a file with: owner-only on POSIX file systems, none elsewhere */
    static FileAttribute<?>[] ownerOnlyFile(Path p) {
        return posix(p) ? new FileAttribute<?>[] {FILE} : NONE;
    }

    /**
     * Makes sure {@code dir} exists. A directory we create is owner-only; an existing one is left as the
     * user made it (it may be theirs for other purposes), only the files inside are owner-only.
     */
    static void ensureDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new JournalException(
                    JournalException.IO,
                    dir + " exists and is not a directory; give the journal a directory of its own");
        }
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, posix(dir) ? new FileAttribute<?>[] {DIR} : NONE);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return; // created concurrently by someone else; fine
        }
        if (parent != null) {
            try {
                // make the new directory entry itself durable; best effort, the segments are what matter
                DescriptorLogFile.syncDirectory(parent);
            } catch (IOException ignored) {
                // the first segment's directory sync will still be checked
            }
        }
    }
}
