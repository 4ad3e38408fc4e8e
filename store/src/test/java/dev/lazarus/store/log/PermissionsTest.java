package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionsTest {
    @TempDir
    Path tmp;

    @Test
    void directoryAndFilesAreOwnerOnly() throws Exception {
        assumeTrue(Fs.posix(tmp), "POSIX permissions");
        Path dir = tmp.resolve("a").resolve("journal");
        try (JournalLog log = JournalLog.open(dir, small(), new Collector())) {
            for (int i = 0; i < 30; i++) {
                log.append((byte) 1, new byte[100]); // several segments, created by the writer
            }
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.toList();
        }
        assertTrue(files.size() >= 3, files.toString());
        assertTrue(files.contains(dir.resolve("journal.lock")));
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
    }
}
