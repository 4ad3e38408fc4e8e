package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static dev.lazarus.store.log.LogTestSupport.segments;
import static dev.lazarus.store.log.LogTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal directory's trust check and the refusal of links (docs/SPEC.md §7.6): a directory others can write,
 * or another user's, is named with its mode or owner; the lock file and the segments are never opened through a
 * symbolic link, and what a planted link points to is left untouched.
 */
class DirectoryTrustTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryOthersCanWriteIsNamedWithItsMode() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("j"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertNull(DirectoryTrust.problem(dir), "owner-only: trusted");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertNull(DirectoryTrust.problem(dir), "others may read, not write: trusted");

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertEquals("is writable by its group (mode rwxrwx---)", DirectoryTrust.problem(dir));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        JournalException e = assertThrows(JournalException.class, () -> DirectoryTrust.check(dir, "do X"));
        assertTrue(e.getMessage().startsWith("LAZ-110: the journal directory " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("writable by every user (mode rwxrwxrwx)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("or do X"), e.getMessage());
    }

    @Test
    void anotherUsersDirectoryIsNamedWithItsOwner() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory away");
        UserPrincipal nobody;
        try {
            nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        } catch (IOException e) {
            assumeTrue(false, "no user 'nobody' here");
            return;
        }
        Path dir = Files.createDirectory(tmp.resolve("theirs"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertNull(DirectoryTrust.foreignOwner(dir));
        Files.setOwner(dir, nobody);
        assertEquals("nobody", DirectoryTrust.foreignOwner(dir));
        assertTrue(DirectoryTrust.problem(dir).startsWith("is owned by user 'nobody'"), DirectoryTrust.problem(dir));
    }

    @Test
    void theLockFileIsNeverOpenedThroughALink() throws IOException {
        Path precious = tmp.resolve("precious.txt");
        Files.writeString(precious, "root's own file");
        Path dir = Files.createDirectory(tmp.resolve("j"));
        Files.createSymbolicLink(dir.resolve(SegmentFormat.LOCK_FILE), precious);

        JournalException e = assertThrows(
                JournalException.class,
                () -> JournalLog.open(dir, small(), new Collector()).close());
        assertTrue(e.getMessage().startsWith("LAZ-110: "), e.getMessage());
        assertTrue(e.getMessage().contains("journal.lock is a symbolic link (to " + precious + ")"), e.getMessage());
        assertEquals("root's own file", Files.readString(precious), "the file the link points to is untouched");
        // and the refusal left no trace: with the link gone, the journal opens
        Files.delete(dir.resolve(SegmentFormat.LOCK_FILE));
        JournalLog.open(dir, small(), new Collector()).close();
    }

    @Test
    void aSegmentThatIsALinkIsRefusedAndWhatItPointsToIsLeftAlone() throws IOException {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            for (int i = 0; i < 40; i++) {
                log.append((byte) 3, bytes("record-" + i + "-abcdefghijklmnopqrstuvwxyz"));
            }
        }
        Path newest = segments(dir).get(segments(dir).size() - 1);
        Path elsewhere = tmp.resolve("elsewhere.log");
        Files.move(newest, elsewhere);
        byte[] before = Files.readAllBytes(elsewhere);
        Files.createSymbolicLink(newest, elsewhere);

        JournalException e = assertThrows(
                JournalException.class,
                () -> JournalLog.open(dir, small(), new Collector()).close());
        assertTrue(e.getMessage().startsWith("LAZ-110: " + newest + " is a symbolic link"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(elsewhere)), "not truncated, not appended to");
        assertThrows(JournalException.class, () -> JournalLog.scan(dir, (lsn, type, payload) -> {}));
    }
}
