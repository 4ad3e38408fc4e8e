package dev.lazarus.store.log;

import static dev.lazarus.store.log.LogTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.log.LogTestSupport.Collector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockTest {
    @TempDir
    Path tmp;

    @Test
    void secondOpenInTheSameJvmIsRefusedNamingThePid() {
        Path dir = tmp.resolve("j");
        long pid = ProcessHandle.current().pid();
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
            log.append((byte) 1, bytes("a"));
            JournalLockedException e = assertThrows(
                    JournalLockedException.class, () -> JournalLog.open(dir, LogOptions.defaults(), new Collector()));
            assertEquals("LAZ-103", e.code());
            assertEquals(pid, e.holderPid());
            assertTrue(
                    e.getMessage().startsWith("LAZ-103: journal " + dir + " is in use by process " + pid + " on "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("stop that process or use another journal directory"));
            // the refusal did not break the owner's lock or log
            log.append((byte) 1, bytes("b"));
            assertThrows(
                    JournalLockedException.class, () -> JournalLog.open(dir, LogOptions.defaults(), new Collector()));
        }
        // released on close
        assertEquals(List.of("a", "b"), LogTestSupport.reopen(dir).texts());
    }

    private static Process child(Path dir, String... more) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(
                java, "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString()));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String firstLine(Process p) throws Exception {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    /**
     * On POSIX systems closing any descriptor of the lock file drops the whole process's lock on it, so a
     * refused second open in the owning JVM must not open-and-close the lock file. Checked from outside.
     */
    @Test
    void refusedSecondOpenInTheOwningJvmKeepsTheLockForOtherProcesses() throws Exception {
        Path dir = tmp.resolve("j");
        try (JournalLog log = JournalLog.open(dir, LogOptions.defaults(), new Collector())) {
            for (int i = 0; i < 3; i++) {
                assertThrows(
                        JournalLockedException.class,
                        () -> JournalLog.open(dir, LogOptions.defaults(), new Collector()));
                assertThrows(
                        JournalLockedException.class,
                        () -> JournalLog.open(
                                tmp.resolve("x").resolve("..").resolve("j"), LogOptions.defaults(), new Collector()));
            }
            Process p = child(dir, "try");
            String line = firstLine(p);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals("refused " + ProcessHandle.current().pid(), line);
            log.append((byte) 1, bytes("still mine"));
        }
    }

    @Test
    void anotherProcessHoldingTheJournalIsNamed() throws Exception {
        Path dir = tmp.resolve("j");
        Process child = child(dir);
        try {
            String line = firstLine(child);
            assertTrue(line != null && line.startsWith("locked "), "child did not lock: " + line);
            long childPid = child.pid();
            assertNotEquals(ProcessHandle.current().pid(), childPid);

            JournalLockedException e = assertThrows(
                    JournalLockedException.class, () -> JournalLog.open(dir, LogOptions.defaults(), new Collector()));
            assertEquals(childPid, e.holderPid());
            assertTrue(e.getMessage().contains("in use by process " + childPid + " on "), e.getMessage());
            assertTrue(e.holderSince().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), e.holderSince());
            // asking again, after our refused attempt, is still refused: we did not disturb the holder's lock
            assertThrows(
                    JournalLockedException.class, () -> JournalLog.open(dir, LogOptions.defaults(), new Collector()));
            // a read-only scan works meanwhile
            Collector c = new Collector();
            JournalLog.scan(dir, c);
            assertEquals(List.of("from the child"), c.texts());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, child.exitValue());
        assertEquals(List.of("from the child"), LogTestSupport.reopen(dir).texts());
    }
}
