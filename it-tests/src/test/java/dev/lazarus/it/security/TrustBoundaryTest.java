package dev.lazarus.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lazarus.it.apps.steps.StepsApp;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal directory as a trust boundary (docs/SPEC.md §7.6), attacked as an outside review did: a directory
 * every user can write, one that belongs to another user, and a lock file planted as a link to a file the process
 * may write (the agent ran as root and overwrote it). Each is refused before the application's {@code main} with one
 * {@code LAZ-110} line naming what is wrong, and nothing outside the journal is touched; the explicit option accepts
 * a shared directory. The command line, run as another user than the journal's owner (root via sudo, say), refuses
 * and names the user to run as, instead of writing files the application cannot read.
 */
@ExtendWith(ChildJvms.class)
class TrustBoundaryTest {
    private static final Jdk JDK = Jdk.find(17);

    @Test
    void aJournalDirectoryEveryUserCanWriteIsRefusedUnlessAccepted(@TempDir Path dir) throws IOException {
        Path journal = Files.createDirectory(dir.resolve("journal"));
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rwxrwxrwx"));
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));

        ChildProcess refused = Apps.durable(JDK, dir, "refused", journal, ledger)
                .allowStderr("^\\[lazarus\\] LAZ-110: ")
                .main(StepsApp.class, "call", "k", "2")
                .start();
        refused.assertExit(1, Apps.EXIT);
        String line = refused.oneStderrLine("LAZ-110");
        assertAll(
                () -> assertTrue(line.contains(journal.toString()), line),
                () -> assertTrue(line.contains("writable by every user (mode rwxrwxrwx)"), line),
                () -> assertTrue(line.contains("acceptUntrustedJournal=true"), "says how to accept it: " + line),
                () -> assertEquals(0, ledger.entries().size(), "the application did not run: " + ledger.dump()),
                () -> assertEquals(List.of(), Files.list(journal).toList(), "nothing was written into it"),
                () -> refused.assertNoStackTrace());

        ChildProcess accepted = Apps.durable(JDK, dir, "accepted", journal, ledger, "acceptUntrustedJournal=true")
                .main(StepsApp.class, "call", "k", "2")
                .start();
        accepted.assertExit(0, Apps.EXIT);
        assertEquals(2, ledger.find("step").size(), ledger.dump());
    }

    @Test
    void aLockFilePlantedAsALinkIsRefusedAndItsTargetLeftAlone(@TempDir Path dir) throws IOException {
        Path journal = Files.createDirectory(dir.resolve("journal"));
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rwx------"));
        Path precious = dir.resolve("shadow");
        Files.writeString(precious, "root:x:0:0\n");
        Files.setPosixFilePermissions(precious, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(journal.resolve("journal.lock"), precious);
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));

        ChildProcess app = Apps.durable(JDK, dir, "app", journal, ledger)
                .allowStderr("^\\[lazarus\\] LAZ-110: ")
                .main(StepsApp.class, "call", "k", "2")
                .start();
        app.assertExit(1, Apps.EXIT);
        String line = app.oneStderrLine("LAZ-110");
        assertAll(
                () -> assertTrue(line.contains("journal.lock is a symbolic link (to " + precious + ")"), line),
                () -> assertEquals("root:x:0:0\n", Files.readString(precious), "the linked file is untouched"),
                () -> assertEquals(0, ledger.entries().size(), ledger.dump()),
                () -> app.assertNoStackTrace());
    }

    @Test
    void anotherUsersJournalIsRefusedByTheAgentAndTheCommandLineNamesTheUserToRunAs(@TempDir Path dir)
            throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory to another user");
        UserPrincipal nobody;
        try {
            nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        } catch (IOException e) {
            assumeTrue(false, "no user 'nobody' on this machine");
            return;
        }
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        Apps.durable(JDK, dir, "first", journal, ledger)
                .main(StepsApp.class, "call", "k", "2")
                .start()
                .assertExit(0, Apps.EXIT);
        try (Stream<Path> files = Files.walk(journal)) {
            for (Path p : files.collect(Collectors.toList())) {
                Files.setOwner(p, nobody);
            }
        }

        ChildProcess agent = Apps.durable(JDK, dir, "as-root", journal, ledger)
                .allowStderr("^\\[lazarus\\] LAZ-110: ")
                .main(StepsApp.class, "call", "k2", "2")
                .start();
        agent.assertExit(1, Apps.EXIT);
        String line = agent.oneStderrLine("LAZ-110");
        assertTrue(line.contains("is owned by user 'nobody'"), line);

        ChildProcess cli = ChildJvm.on(JDK, dir, "send-event")
                .jar(
                        ItEnv.agentJar(),
                        "send-event",
                        "--journal",
                        journal.toString(),
                        "approval",
                        "k",
                        "{\"approved\":true}")
                .allowStderr("^lazarus ")
                .run(60);
        assertEquals(2, cli.awaitExit(Apps.WAIT), cli.describeFully());
        String refusal = String.join("\n", cli.stderr());
        assertAll(
                () -> assertTrue(
                        refusal.contains("LAZ-110: the journal " + journal + " belongs to user 'nobody'"), refusal),
                () -> assertTrue(refusal.contains("sudo -u nobody"), "says which user to run as: " + refusal),
                () -> assertTrue(!Files.exists(journal.resolve("inbox")), "wrote nothing into the journal"),
                () -> assertEquals(2, ledger.find("step").size(), "only the first run's calls: " + ledger.dump()));
    }
}
