package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.log.LogOptions;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Journals written before the value digest hold, for arguments that are not scalars, the CRC of the codec's bytes.
 * Replay accepts such a digest when the arguments of now produce it, and still reports other arguments.
 */
class LegacyDigestReplayTest extends EngineTestBase {
    private static final TestSite SEARCH = TestSite.of(Library.class, "search", "Researcher.java", 12);
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Researcher.java", 13);

    record Query(String text, int limit, List<String> sources) {}

    /** A service that takes a record: its digest went through the codec in earlier versions. */
    static final class Library {
        final Map<Query, Integer> searched = new ConcurrentHashMap<>();

        String search(Query q) {
            int n = searched.merge(q, 1, Integer::sum);
            return "results for " + q.text() + " #" + n;
        }
    }

    final class Researcher {
        final TestDurable run = TestDurable.of(Researcher.class, "run", 0);
        final Library library;
        final World.Service service = world.new Service();
        int limit = 10;

        Researcher(Library library) {
            this.library = library;
        }

        String run(String topic) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, topic);
            }
            String found = (String) SEARCH.call(h.engine(), library, new Query(topic, limit, List.of("web", "papers")));
            return found + " / " + HANG.call(h.engine(), service, topic);
        }
    }

    /**
     * Runs until the process dies in the second call, then copies the journal to {@code legacy} with the first
     * step's digest replaced by what earlier versions recorded for the same call.
     */
    private Path journalOfAnEarlierVersion(Library library) throws Throwable {
        Researcher first = new Researcher(library);
        world.awaitHanging(h.start(() -> first.run("llamas")));
        h.restart();
        Query asked = new Query("llamas", 10, List.of("web", "papers"));
        int legacy = LegacyArgumentDigest.of(
                new Object[] {asked}, 0, ValueCodec.create(), getClass().getClassLoader());
        Path legacyDir = dir.resolveSibling(dir.getFileName() + "-legacy");
        try (JournalLog log = JournalLog.open(legacyDir, LogOptions.defaults(), (l, t, p) -> {})) {
            for (JournalRecord r : h.records()) {
                if (r instanceof StepRecorded s) {
                    assertNotEquals(legacy, s.argumentsDigest(), "this version records the value digest");
                    r = new StepRecorded(
                            s.executionId(),
                            s.position(),
                            s.callee(),
                            s.callSite(),
                            s.threw(),
                            s.value(),
                            s.startedAtMillis(),
                            s.durationNanos(),
                            s.attempts(),
                            legacy);
                }
                log.append(RecordCodec.typeOf(r), RecordCodec.encode(r));
            }
        }
        return legacyDir;
    }

    /** The process that wrote the test's journal ends; the next one opens the earlier version's journal. */
    private void openInstead(Path journal) throws InterruptedException {
        h.close();
        h = new EngineHarness(journal);
    }

    @Test
    void aDigestAnEarlierVersionRecordedStillMatchesTheSameArguments() throws Throwable {
        Library library = new Library();
        Path legacy = journalOfAnEarlierVersion(library);

        openInstead(legacy);
        world.awaitHanging(h.start(() -> new Researcher(library).run("llamas")));

        assertEquals(1, library.searched.size());
        assertEquals(1, library.searched.values().iterator().next(), "answered from the journal, not searched again");
        assertEquals(2, world.calls("hang", "llamas"), "and resumed live where it had stopped");
    }

    @Test
    void otherArgumentsStillDivergeFromAJournalOfAnEarlierVersion() throws Throwable {
        Library library = new Library();
        Path legacy = journalOfAnEarlierVersion(library);

        openInstead(legacy);
        Researcher changed = new Researcher(library);
        changed.limit = 20;
        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> changed.run("llamas"));
        assertTrue(e.getMessage().contains("with other arguments than recorded"), e.getMessage());
        assertEquals(1, library.searched.size(), "the changed call did not run");
    }
}
