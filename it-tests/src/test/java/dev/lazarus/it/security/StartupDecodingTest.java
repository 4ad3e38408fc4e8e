package dev.lazarus.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.security.CanaryApp;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up never decodes user values (docs/SPEC.md §7.6): a journal holding an unfinished execution whose argument
 * is a {@code Canary} (a class whose initialiser, constructors, {@code hashCode} and {@code toString} each leave a
 * mark) is opened by an application that never uses that execution's class, and read by the command line
 * ({@code list}, {@code show}, {@code stats}, {@code verify}): no mark. Only the application's own use of the class
 * resumes the execution and decodes its argument, in that class's loader; that run leaves the mark, so the test
 * would see decoding if start-up did it.
 */
@ExtendWith(ChildJvms.class)
class StartupDecodingTest {
    private static final Jdk JDK = Jdk.find(17);

    @Test
    void anUnfinishedExecutionsValuesAreDecodedOnlyWhenTheApplicationResumesIt(@TempDir Path dir) throws IOException {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        ChildProcess holder = Apps.durable(JDK, dir, "hold", journal, ledger)
                .blockAt("holding")
                .main(CanaryApp.class, "hold", "k1")
                .start();
        holder.awaitStdout("^BLOCKED holding$", Apps.WAIT);
        holder.kill();

        Path marks = dir.resolve("canary.txt");
        ChildProcess other = Apps.durable(JDK, dir, "other", journal, ledger)
                .property("canary.file", marks.toString())
                .main(CanaryApp.class, "other")
                .start()
                .assertExit(0, Apps.EXIT);
        assertEquals("other", other.stdoutValue("RESULT "));
        for (List<String> command : List.of(
                List.of("list", "--journal", journal.toString()),
                List.of("show", "--journal", journal.toString(), onlyId(dir, journal)),
                List.of("stats", "--journal", journal.toString()),
                List.of("verify", "--journal", journal.toString()))) {
            ChildProcess cli = ChildJvm.on(JDK, dir, "cli-" + command.get(0))
                    .property("canary.file", marks.toString())
                    .jar(ItEnv.agentJar(), command.toArray(new String[0]))
                    .allowStderr("^lazarus ")
                    .run(60);
            assertEquals(0, cli.awaitExit(Apps.WAIT), cli.describeFully());
        }
        assertFalse(Files.exists(marks), "no canary code ran: " + (Files.exists(marks) ? Files.readString(marks) : ""));

        // given the application's classes, show decodes the value (which constructs it) but prints it field by
        // field; only --to-string runs its toString
        String id = onlyId(dir, journal);
        ChildProcess fields = show(dir, journal, marks, "show-classpath", id);
        assertAll(
                () -> assertTrue(
                        fields.stdout().stream()
                                .anyMatch(l -> l.matches("arguments +\\[\"k1\", Canary\\{note=\"first\"}]")),
                        fields.describeFully()),
                () -> assertFalse(Files.readString(marks).contains("toString"), Files.readString(marks)),
                () -> assertFalse(Files.readString(marks).contains("hashCode"), Files.readString(marks)));
        ChildProcess asked = show(dir, journal, marks, "show-to-string", id, "--to-string");
        assertAll(
                () -> assertTrue(
                        asked.stdout().stream().anyMatch(l -> l.matches("arguments +\\[\"k1\", canary first]")),
                        asked.describeFully()),
                () -> assertTrue(Files.readString(marks).contains("toString"), Files.readString(marks)));
        Files.delete(marks);

        ChildProcess resumed = Apps.durable(JDK, dir, "resume", journal, ledger)
                .property("canary.file", marks.toString())
                .main(CanaryApp.class, "resume", "3000")
                .start()
                .assertExit(0, Apps.EXIT);
        assertAll(
                () -> assertTrue(resumed.stdout().contains("AT holding"), "resumed: " + resumed.describe()),
                () -> assertTrue(
                        Files.exists(marks) && Files.readString(marks).contains("initialised"),
                        "resuming decoded the canary, in the application's own run"));
    }

    private static ChildProcess show(Path dir, Path journal, Path marks, String name, String id, String... more) {
        List<String> command = new java.util.ArrayList<>(List.of(
                "show",
                "--journal",
                journal.toString(),
                "--classpath",
                ItEnv.appClasses().toString(),
                id));
        command.addAll(List.of(more));
        ChildProcess cli = ChildJvm.on(JDK, dir, name)
                .property("canary.file", marks.toString())
                .jar(ItEnv.agentJar(), command.toArray(new String[0]))
                .allowStderr("^lazarus ")
                .run(60);
        assertEquals(0, cli.awaitExit(Apps.WAIT), cli.describeFully());
        return cli;
    }

    private static String onlyId(Path dir, Path journal) {
        ChildProcess list = ChildJvm.on(JDK, dir, "list-id")
                .jar(ItEnv.agentJar(), "list", "--journal", journal.toString(), "--state", "RUNNING")
                .allowStderr("^lazarus ")
                .run(60);
        assertEquals(0, list.awaitExit(Apps.WAIT), list.describeFully());
        assertEquals(2, list.stdout().size(), list.describeFully());
        return list.stdout().get(1).split("\\s+")[0];
    }
}
