package dev.lazarus.it.retention;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.retention.DeletionApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure while the application runs (docs/SPEC.md §7.5, README "Deletion"): {@code lazarus delete --name --key}
 * against a running application goes through the inbox; from then on the key no longer answers (a new call runs
 * again), and the application's own background compaction removes the execution's bytes from every file of the
 * journal directory, while a control execution that finished at the same moment, in the same segment, keeps its
 * bytes (so it is the deletion, not the retention, that removed them: the retention is two minutes, far longer
 * than the test waits). The bytes looked for are the secret each execution was given, as the journal encodes a
 * string (the codec marks a string's last character, so its prefix is searched).
 */
@ExtendWith(ChildJvms.class)
class DeleteWhileRunningTest {
    private static final String RETENTION = "2m"; // a compaction pass 5 s after the start, then every 30 s

    @Test
    void aDeletedExecutionStopsAnsweringAndItsBytesLeaveTheDiskWhileTheApplicationRuns(@TempDir Path dir)
            throws Exception {
        Jdk jdk = Jdk.find(17);
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String secret = "pii-" + UUID.randomUUID() + "-end";
        String control = "ctl-" + UUID.randomUUID() + "-end";
        Path go = dir.resolve("go");
        ChildProcess app = Apps.durable(jdk, dir, "app", journal, ledger, "segmentSize=4k", "retention=" + RETENTION)
                .main(DeletionApp.class, "customer-7", secret, "customer-8", control, "60", go.toString())
                .start();
        app.awaitStdout("^AT filled$", Apps.WAIT);
        String first = app.stdoutValue("RESULT ");
        assertTrue(holds(journal, secret), "the secret is in the journal before the deletion");
        assertTrue(holds(journal, control), "so is the control");
        assertTrue(segments(journal) > 2, "the secrets' segment is sealed");

        ChildProcess delete = ChildJvm.on(jdk, dir, "delete")
                .jar(
                        ItEnv.agentJar(),
                        "delete",
                        "--journal",
                        journal.toString(),
                        "--name",
                        DeletionApp.class.getName() + "#remember(String,String)",
                        "--key",
                        "customer-7",
                        "--reason",
                        "erasure request")
                .allowStderr("^lazarus ")
                .run(60);
        assertEquals(0, delete.awaitExit(Apps.WAIT), delete.describeFully());
        assertTrue(
                String.join("\n", delete.stdout()).contains("running application"),
                "went through the inbox of the running application: " + delete.describeFully());

        long deadline = System.nanoTime() + 75_000_000_000L; // two passes of the background compaction, and a margin
        while (holds(journal, secret) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        boolean secretGone = !holds(journal, secret);
        boolean controlKept = holds(journal, control);

        Files.writeString(go, "go");
        app.assertExit(0, Apps.EXIT);
        String again = app.stdoutValue("AGAIN ");
        assertAll(
                () -> assertTrue(
                        secretGone, "the deleted execution's bytes left the journal directory: " + files(journal)),
                () -> assertTrue(
                        controlKept, "the control execution's bytes are still there (retention " + RETENTION + ")"),
                () -> assertNotEquals(first, again, "the deleted key no longer answers: the call ran again"),
                () -> assertEquals(2, ledger.find("step", secret + "/1").size(), ledger.dump()));
    }

    /** Whether some file of the journal directory holds {@code secret} as the codec writes a string. */
    private static boolean holds(Path journal, String secret) {
        byte[] needle = secret.substring(0, secret.length() - 1).getBytes(StandardCharsets.US_ASCII);
        for (Path f : files(journal)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (NoSuchFileException e) {
                continue; // compacted away while listed
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (indexOf(bytes, needle) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<Path> files(Path journal) {
        try (Stream<Path> s = Files.walk(journal)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long segments(Path journal) {
        return files(journal).stream()
                .filter(p -> p.getFileName().toString().startsWith("segment-"))
                .count();
    }
}
