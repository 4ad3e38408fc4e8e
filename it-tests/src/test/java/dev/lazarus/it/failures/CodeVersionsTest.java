package dev.lazarus.it.failures;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Code that changes between the crash and the restart, docs/SPEC.md §6.4 and §6.5 ({@link FlowVersions}):
 * <ol>
 *   <li>v1 runs {@code run("old")} and is killed in its third step (two steps journaled);</li>
 *   <li>a version that asks the second step with another argument is refused the journal
 *       ({@code NonDeterminismException}, an argument mismatch at the same call site), nothing run live;</li>
 *   <li>v2, which inserts an outside call after the first step, is refused the old journal: the call
 *       throws {@code NonDeterminismException} (LAZ-301) naming both call sites as
 *       {@code VersionedFlow.java:line} and the journal position, and nothing runs live (the ledger is
 *       unchanged);</li>
 *   <li>v3 guards the inserted call with {@code Lazarus.patched("add-audit")}: at its start automatic
 *       recovery resumes the DIVERGED execution, which replays the old path ({@code patched} is false) and
 *       finishes; a new execution under v3 takes the new path ({@code patched} is true, the audit call is
 *       made).</li>
 * </ol>
 */
@ExtendWith(ChildJvms.class)
class CodeVersionsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void aChangedMethodIsRefusedTheOldJournalThenPatchedCodeResumesIt(Jdk jdk, @TempDir Path dir) {
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        Path v1 = FlowVersions.compile(dir, 1);
        Path v2 = FlowVersions.compile(dir, 2);
        Path v3 = FlowVersions.compile(dir, 3);
        Path v4 = FlowVersions.compile(dir, 4);

        // v1, killed while its third step is in flight: steps 1 and 2 are journaled
        ChildProcess first = flow(jdk, dir, "v1", v1, journal, ledger, "recover=manual")
                .blockAt("step:old:3")
                .main(FlowVersions.CLASS_NAME, "run", "old")
                .start();
        first.awaitStdout("^BLOCKED step:old:3$", Apps.WAIT);
        first.kill();
        List<LedgerFile.Entry> afterV1 = ledger.entries();
        assertEquals(2, afterV1.size(), "v1 made steps 1 and 2\n" + ledger.dump());

        // v4: the same callee at the same position, asked with another argument
        ChildProcess changedArgument = flow(jdk, dir, "v4", v4, journal, ledger, "recover=manual")
                .allowStderr("\\[ERROR\\] lazarus.*LAZ-301")
                .main(FlowVersions.CLASS_NAME, "run", "old")
                .start();
        changedArgument.assertExit(0, Apps.EXIT);
        String argumentMessage = changedArgument.stdoutValue("MESSAGE ");
        String stepSite = FlowVersions.FILE_NAME + ":" + FlowVersions.line(1, "STEP-2");
        assertAll(
                "a changed argument is refused too",
                () -> assertEquals(
                        "LAZ-301",
                        changedArgument.stdoutValue("REFUSED old "),
                        "NonDeterminismException.code()\n" + changedArgument.describe()),
                () -> assertTrue(
                        argumentMessage.contains(stepSite)
                                && argumentMessage.toLowerCase().contains("argument"),
                        "the message names the call site " + stepSite + " and says the arguments differ: "
                                + argumentMessage),
                () -> assertEquals(afterV1, ledger.entries(), "nothing ran live\n" + ledger.dump()));

        // v2: an inserted call where the journal has step 2
        ChildProcess second = flow(jdk, dir, "v2", v2, journal, ledger, "recover=manual")
                .allowStderr("\\[ERROR\\] lazarus.*LAZ-301")
                .main(FlowVersions.CLASS_NAME, "run", "old")
                .start();
        second.assertExit(0, Apps.EXIT);
        String journalSite = FlowVersions.FILE_NAME + ":" + FlowVersions.line(1, "STEP-2");
        String codeSite = FlowVersions.FILE_NAME + ":" + FlowVersions.line(2, "AUDIT");
        assertTrue(!journalSite.equals(codeSite), "the two versions' call sites are on different lines");
        String message = second.stdoutValue("MESSAGE ");
        assertAll(
                "v2 is refused the v1 journal",
                () -> assertEquals(
                        "LAZ-301",
                        second.stdoutValue("REFUSED old "),
                        "NonDeterminismException.code()\n" + second.describe()),
                () -> assertTrue(
                        message.contains(journalSite),
                        "the message names the call site the journal recorded, " + journalSite + ": " + message),
                () -> assertTrue(
                        message.contains(codeSite),
                        "the message names the call site the new code asks for, " + codeSite + ": " + message),
                () -> assertTrue(
                        message.contains("AuditLog.record") && message.contains("StepService.step"),
                        "the message names both callees: " + message),
                () -> assertTrue(
                        Pattern.compile("(?i)\\b(step|position)\\s*#?1\\b")
                                .matcher(message)
                                .find(),
                        "the message names the journal position of the mismatch (the second journaled call, "
                                + "position 1): " + message),
                () -> assertEquals(
                        afterV1,
                        ledger.entries(),
                        "nothing ran live under v2 (no audit, no step 1 or " + "step 3 again)\n" + ledger.dump()));

        // v3: recovery at start resumes the DIVERGED execution along the old path; a new one takes the new path
        ChildProcess third = flow(jdk, dir, "v3", v3, journal, ledger)
                .main(FlowVersions.CLASS_NAME, "await", "old", "run", "new")
                .start();
        third.assertExit(0, Apps.EXIT);
        String s1 = ledger.once("step", "old/1");
        String s2 = ledger.once("step", "old/2");
        String s3 = ledger.once("step", "old/3");
        List<String> newOps = new ArrayList<>();
        for (LedgerFile.Entry e : ledger.entries()) {
            if (e.argument().equals("new") || e.argument().startsWith("new/")) {
                newOps.add(e.operation() + " " + e.argument());
            }
        }
        String newResult = third.stdoutValue("RESULT new ");
        assertAll(
                "v3",
                () -> assertTrue(
                        third.stdout().contains("SAW publish old -> " + s1 + "," + s2 + "," + s3),
                        "the resumed execution finished with steps 1 and 2 from v1 and step 3 from v3\n"
                                + third.describe()),
                () -> assertTrue(
                        s1.startsWith("v1@" + first.pid() + "#") && s2.startsWith("v2@" + first.pid() + "#"),
                        "steps 1 and 2 were v1's: " + s1 + ", " + s2),
                () -> assertTrue(s3.startsWith("v3@" + third.pid() + "#"), "step 3 ran under v3: " + s3),
                () -> assertEquals(
                        0,
                        ledger.count("audit", "old"),
                        "Lazarus.patched is false when replaying a journal recorded before it\n" + ledger.dump()),
                () -> assertEquals(
                        List.of("step new/1", "audit new", "step new/2", "step new/3", "publish new"),
                        newOps,
                        "a new execution under v3 takes the new path (patched is true)\n" + ledger.dump()),
                () -> assertEquals(ledger.once("publish", "new"), newResult));
    }

    private static ChildJvm flow(
            Jdk jdk, Path dir, String name, Path versionClasses, Path journal, LedgerFile ledger, String... options) {
        List<String> all = new ArrayList<>();
        all.add("journal=" + journal);
        all.addAll(List.of(options));
        List<Path> classpath = new ArrayList<>();
        classpath.add(versionClasses);
        classpath.addAll(ItEnv.appClasspath());
        return ChildJvm.on(jdk, dir, name)
                .agent(all.toArray(new String[0]))
                .classpath(classpath)
                .ledger(ledger.path());
    }
}
