package dev.lazarus.it.golden;

import static dev.lazarus.it.apps.golden.GoldenInputs.APPROVAL_EVENT;
import static dev.lazarus.it.apps.golden.GoldenInputs.APPROVAL_TIMEOUT_DAYS;
import static dev.lazarus.it.apps.golden.GoldenInputs.BRANCHED;
import static dev.lazarus.it.apps.golden.GoldenInputs.BRANCH_HALTED;
import static dev.lazarus.it.apps.golden.GoldenInputs.CHECKS;
import static dev.lazarus.it.apps.golden.GoldenInputs.EVENTS;
import static dev.lazarus.it.apps.golden.GoldenInputs.FAILING;
import static dev.lazarus.it.apps.golden.GoldenInputs.FAILURES;
import static dev.lazarus.it.apps.golden.GoldenInputs.FAMILY;
import static dev.lazarus.it.apps.golden.GoldenInputs.FETCHED;
import static dev.lazarus.it.apps.golden.GoldenInputs.FETCH_HALTED;
import static dev.lazarus.it.apps.golden.GoldenInputs.FIRST_READING;
import static dev.lazarus.it.apps.golden.GoldenInputs.H_DIVERGED;
import static dev.lazarus.it.apps.golden.GoldenInputs.H_EVENT;
import static dev.lazarus.it.apps.golden.GoldenInputs.H_EVENT_JSON;
import static dev.lazarus.it.apps.golden.GoldenInputs.H_EVENT_NOTE;
import static dev.lazarus.it.apps.golden.GoldenInputs.H_RESUMED;
import static dev.lazarus.it.apps.golden.GoldenInputs.H_RETRIED;
import static dev.lazarus.it.apps.golden.GoldenInputs.L_CRASHED;
import static dev.lazarus.it.apps.golden.GoldenInputs.L_ERASED;
import static dev.lazarus.it.apps.golden.GoldenInputs.L_ERASE_REASON;
import static dev.lazarus.it.apps.golden.GoldenInputs.L_EXPIRED;
import static dev.lazarus.it.apps.golden.GoldenInputs.L_STEPS;
import static dev.lazarus.it.apps.golden.GoldenInputs.L_WAITING;
import static dev.lazarus.it.apps.golden.GoldenInputs.NOTE_EVENT;
import static dev.lazarus.it.apps.golden.GoldenInputs.NOTE_TIMEOUT_DAYS;
import static dev.lazarus.it.apps.golden.GoldenInputs.PAGE;
import static dev.lazarus.it.apps.golden.GoldenInputs.PARENT;
import static dev.lazarus.it.apps.golden.GoldenInputs.PATCH;
import static dev.lazarus.it.apps.golden.GoldenInputs.RETRYING;
import static dev.lazarus.it.apps.golden.GoldenInputs.SECOND_READING;
import static dev.lazarus.it.apps.golden.GoldenInputs.SLEEP_MILLIS;
import static dev.lazarus.it.apps.golden.GoldenInputs.STEPS;
import static dev.lazarus.it.apps.golden.GoldenInputs.TOPICS;
import static dev.lazarus.it.apps.golden.GoldenInputs.VALUES_LABEL;
import static dev.lazarus.it.apps.golden.GoldenInputs.WAITING;
import static dev.lazarus.it.apps.golden.GoldenInputs.httpPath;
import static dev.lazarus.it.apps.golden.GoldenInputs.readingPath;
import static dev.lazarus.it.golden.Expected.attemptFailed;
import static dev.lazarus.it.golden.Expected.awaiting;
import static dev.lazarus.it.golden.Expected.consumed;
import static dev.lazarus.it.golden.Expected.crashed;
import static dev.lazarus.it.golden.Expected.diverged;
import static dev.lazarus.it.golden.Expected.effect;
import static dev.lazarus.it.golden.Expected.exchange;
import static dev.lazarus.it.golden.Expected.finished;
import static dev.lazarus.it.golden.Expected.patched;
import static dev.lazarus.it.golden.Expected.recomputed;
import static dev.lazarus.it.golden.Expected.recovered;
import static dev.lazarus.it.golden.Expected.retried;
import static dev.lazarus.it.golden.Expected.sent;
import static dev.lazarus.it.golden.Expected.sleep;
import static dev.lazarus.it.golden.Expected.step;
import static dev.lazarus.it.golden.Expected.threw;
import static dev.lazarus.store.record.ExecutionState.COMPLETED;
import static dev.lazarus.store.record.ExecutionState.FAILED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.Durable;
import dev.lazarus.it.apps.golden.Answers;
import dev.lazarus.it.apps.golden.GoldenBranches;
import dev.lazarus.it.apps.golden.GoldenChild;
import dev.lazarus.it.apps.golden.GoldenEffects;
import dev.lazarus.it.apps.golden.GoldenFailure;
import dev.lazarus.it.apps.golden.GoldenFlows;
import dev.lazarus.it.apps.golden.GoldenHttpServer;
import dev.lazarus.it.apps.golden.GoldenLifecycle;
import dev.lazarus.it.apps.golden.GoldenReader;
import dev.lazarus.it.apps.golden.GoldenServices;
import dev.lazarus.it.apps.golden.GoldenTools;
import dev.lazarus.it.apps.golden.Note;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.BranchIds;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionStep;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed golden journals of every format, read in-process as the engine reads a journal at start-up:
 * every record decodes through the store's record schema and every value through its value codec, and they are
 * what the generator ({@code dev.lazarus.it.apps.golden}) is known to have written. The expected values come
 * from the generator's own inputs ({@code GoldenInputs}), the answers of its services ({@link Answers}) and the
 * helpers its bodies compute their results with, so they are stated once.
 */
class GoldenJournalReadTest {
    private static final ValueCodec CODEC = ValueCodec.create();
    private static final ClassLoader APP = GoldenJournalReadTest.class.getClassLoader();

    /**
     * One execution of a golden journal.
     *
     * @param name durable name
     * @param key execution key
     * @param explicitKey whether the key came from {@code @ExecutionKey}
     * @param owner the class of the durable method
     * @param parentName the durable name of the parent, or {@code null} for a top-level execution
     * @param records what follows its start, in order
     */
    record Execution(
            String name, String key, boolean explicitKey, Class<?> owner, String parentName, List<Expected> records) {}

    private static Execution flow(String name, String key, Expected... records) {
        return new Execution(name, key, true, GoldenFlows.class, null, List.of(records));
    }

    private static Execution shipment(String key, String parentName, Expected... records) {
        return new Execution("golden.shipment", key, true, GoldenChild.class, parentName, List.of(records));
    }

    private static String service(String method) {
        return GoldenServices.class.getSimpleName() + "." + method;
    }

    private static Expected text(String key) {
        return step(service("text"), Answers.text(key));
    }

    /** The executions of {@code basics}, in the order they started. */
    static List<Execution> basics() {
        String v = VALUES_LABEL;
        Execution values = new Execution(
                GoldenFlows.class.getName() + "#values(String)",
                implicitKey(v),
                false,
                GoldenFlows.class,
                null,
                List.of(
                        step(service("quote"), Answers.quote(v)),
                        text(v),
                        step(service("count"), Answers.count(v)),
                        step(service("total"), Answers.total(v)),
                        step(service("ratio"), Answers.ratio(v)),
                        step(service("list"), Answers.list(v)),
                        step(service("set"), Answers.set(v)),
                        step(service("map"), Answers.map(v)),
                        step(service("bytes"), Answers.bytes(v)),
                        step(service("nothing"), null),
                        step(service("uuid"), Answers.uuid(v)),
                        step(service("instant"), Answers.instant(v)),
                        step(service("tier"), Answers.tier(v)),
                        patched(PATCH),
                        sleep(SLEEP_MILLIS),
                        finished(
                                COMPLETED,
                                GoldenFlows.valuesSummary(
                                        Answers.quote(v),
                                        Answers.text(v),
                                        Answers.count(v),
                                        Answers.total(v),
                                        Answers.ratio(v),
                                        Answers.list(v),
                                        Answers.set(v),
                                        Answers.map(v),
                                        Answers.bytes(v),
                                        null,
                                        Answers.uuid(v),
                                        Answers.instant(v),
                                        Answers.tier(v),
                                        true))));
        List<Execution> family = family(FAMILY);
        return List.of(
                values,
                failures(FAILURES),
                family.get(0),
                family.get(1),
                flow(
                        "golden.events",
                        EVENTS,
                        sent(NOTE_EVENT, EVENTS, GoldenFlows.note(EVENTS)),
                        awaiting(NOTE_EVENT, EVENTS, Note.class, Duration.ofDays(NOTE_TIMEOUT_DAYS)),
                        consumed(Optional.of(GoldenFlows.note(EVENTS))),
                        finished(COMPLETED, GoldenFlows.note(EVENTS).toString())),
                flow(
                        "golden.failing",
                        FAILING,
                        text(FAILING),
                        finished(
                                FAILED, new GoldenFailure(GoldenFlows.failingMessage(FAILING, Answers.text(FAILING))))),
                // stopped in their next call, unfinished:
                flow(
                        "golden.steps",
                        STEPS,
                        step(service("quote"), Answers.quote(STEPS)),
                        sleep(SLEEP_MILLIS),
                        step(service("list"), Answers.list(STEPS))),
                flow(
                        "golden.retrying",
                        RETRYING,
                        text(RETRYING),
                        attemptFailed(1, new GoldenFailure(Answers.flakyFailure(RETRYING)))),
                flow("golden.parent", PARENT, text(PARENT)),
                shipment(PARENT, "golden.parent", step(service("label"), Answers.label(PARENT))),
                flow(
                        "golden.waiting",
                        WAITING,
                        text(WAITING),
                        awaiting(APPROVAL_EVENT, WAITING, Note.class, Duration.ofDays(APPROVAL_TIMEOUT_DAYS))));
    }

    /** The finished execution of {@link GoldenFlows#failures} for {@code key}. */
    private static Execution failures(String key) {
        return flow(
                "golden.failures",
                key,
                threw(service("refuse"), new IllegalStateException(Answers.refusal(key))),
                attemptFailed(1, new GoldenFailure(Answers.flakyFailure(key))),
                step(service("flaky"), Answers.flaky(key), 2),
                finished(COMPLETED, GoldenFlows.joined(Answers.refusal(key), Answers.flaky(key))));
    }

    /** The finished execution of {@link GoldenFlows#family} for {@code key}, then its child's. */
    private static List<Execution> family(String key) {
        String shipment = GoldenChild.summary(Answers.label(key), Answers.count(key));
        return List.of(
                flow(
                        "golden.family",
                        key,
                        text(key),
                        step("GoldenChild.shipment", shipment),
                        step(service("tier"), Answers.tier(key)),
                        finished(COMPLETED, GoldenFlows.joined(Answers.text(key), shipment, Answers.tier(key)))),
                shipment(
                        key,
                        "golden.family",
                        step(service("label"), Answers.label(key)),
                        step(service("count"), Answers.count(key)),
                        finished(COMPLETED, shipment)));
    }

    /**
     * The executions of {@code lifecycle} (format v3) still in the journal, in the order they started, each with
     * every record: those stopped in their next call, in their own code and in their wait. The deleted
     * {@code family} and its child, and the {@code failures} that retention expired, are gone: compacted away.
     */
    static List<Execution> lifecycle() {
        return List.of(
                flow(
                        "golden.steps",
                        L_STEPS,
                        step(service("quote"), Answers.quote(L_STEPS)),
                        sleep(SLEEP_MILLIS),
                        step(service("list"), Answers.list(L_STEPS))),
                new Execution(
                        "golden.crunch",
                        L_CRASHED,
                        true,
                        GoldenLifecycle.class,
                        null,
                        List.of(text(L_CRASHED), crashed(0))),
                flow(
                        "golden.waiting",
                        L_WAITING,
                        text(L_WAITING),
                        awaiting(APPROVAL_EVENT, L_WAITING, Note.class, Duration.ofDays(APPROVAL_TIMEOUT_DAYS))));
    }

    /** The executions of {@code history}, in the order they started. */
    static List<Execution> history() {
        return List.of(
                flow(
                        "golden.fragile",
                        H_RETRIED,
                        text(H_RETRIED),
                        finished(
                                FAILED,
                                new GoldenFailure(GoldenFlows.failingMessage(H_RETRIED, Answers.text(H_RETRIED)))),
                        retried(),
                        recovered(1),
                        step(service("count"), Answers.count(H_RETRIED)),
                        finished(COMPLETED, GoldenFlows.joined(Answers.text(H_RETRIED), Answers.count(H_RETRIED)))),
                flow(
                        "golden.steps",
                        H_RESUMED,
                        step(service("quote"), Answers.quote(H_RESUMED)),
                        sleep(SLEEP_MILLIS),
                        step(service("list"), Answers.list(H_RESUMED)),
                        recovered(3),
                        step(service("instant"), Answers.instant(H_RESUMED)),
                        step(service("map"), Answers.map(H_RESUMED)),
                        finished(
                                COMPLETED,
                                GoldenFlows.joined(
                                        Answers.quote(H_RESUMED),
                                        Answers.list(H_RESUMED),
                                        Answers.instant(H_RESUMED),
                                        Answers.map(H_RESUMED)))),
                flow(
                        "golden.story",
                        H_DIVERGED,
                        text(H_DIVERGED),
                        step(service("tier"), Answers.tier(H_DIVERGED)),
                        recovered(2),
                        diverged(service("label"), service("tier"))),
                flow(
                        "golden.waiting",
                        H_EVENT,
                        text(H_EVENT),
                        awaiting(APPROVAL_EVENT, H_EVENT, Note.class, Duration.ofDays(APPROVAL_TIMEOUT_DAYS)),
                        recovered(2),
                        consumed(Optional.of(H_EVENT_NOTE)),
                        step(service("tier"), Answers.tier(H_EVENT)),
                        finished(
                                COMPLETED,
                                GoldenFlows.joined(Answers.text(H_EVENT), H_EVENT_NOTE, Answers.tier(H_EVENT)))));
    }

    private static Execution fetch(String key, Expected... records) {
        return new Execution("golden.fetch", key, true, GoldenEffects.class, null, List.of(records));
    }

    /** Exchange {@code n} (from 1) of the reading of {@code part}, the journaled call at {@code position}. */
    private static Expected reading(int position, String key, String part, int n) {
        return effect(position, n - 1, readingPath(key, part, n));
    }

    private static String readingText(String key, String part) {
        return GoldenReader.text(Answers.http(readingPath(key, part, 1)), Answers.http(readingPath(key, part, 2)));
    }

    /** The executions of {@code effects} (format v2), in the order they started. */
    static List<Execution> effects() {
        String read = GoldenReader.class.getSimpleName() + ".read";
        return List.of(
                fetch(
                        FETCHED,
                        exchange(httpPath(FETCHED, PAGE)),
                        reading(1, FETCHED, FIRST_READING, 1),
                        reading(1, FETCHED, FIRST_READING, 2),
                        recomputed(read, 2),
                        reading(2, FETCHED, SECOND_READING, 1),
                        reading(2, FETCHED, SECOND_READING, 2),
                        recomputed(read, 2),
                        finished(
                                COMPLETED,
                                GoldenEffects.summary(
                                        GoldenHttpServer.STATUS,
                                        Answers.http(httpPath(FETCHED, PAGE)),
                                        readingText(FETCHED, FIRST_READING),
                                        readingText(FETCHED, SECOND_READING)))),
                // stopped in its second reading, after that reading's first exchange: an effect with no step
                fetch(
                        FETCH_HALTED,
                        exchange(httpPath(FETCH_HALTED, PAGE)),
                        reading(1, FETCH_HALTED, FIRST_READING, 1),
                        reading(1, FETCH_HALTED, FIRST_READING, 2),
                        recomputed(read, 2),
                        reading(2, FETCH_HALTED, SECOND_READING, 1)));
    }

    private static Execution research(String key, Expected... records) {
        return new Execution("golden.branches", key, true, GoldenBranches.class, null, List.of(records));
    }

    private static String tool(String method) {
        return GoldenTools.class.getSimpleName() + "." + method;
    }

    /**
     * The fork number of the digest's {@code supplyAsync}. {@link GoldenBranches#research} forks, in this order:
     * one {@code submit} per topic (forks 0 to 3), the {@code supplyAsync} and its {@code thenApply}, the
     * parallel stream, and the two tasks of {@code invokeAny}.
     */
    private static final int DIGEST_FORK = TOPICS.size();
    /** The fork number of the {@code thenApply} that refines the digest. */
    private static final int REFINE_FORK = DIGEST_FORK + 1;
    /** The fork number of the parallel stream of checks: its elements are {@code ~<n>.<i>}. */
    private static final int CHECKS_FORK = REFINE_FORK + 1;
    /** The task of {@code invokeAny} whose source is down: it throws before it calls anything. */
    private static final int UNAVAILABLE_FORK = CHECKS_FORK + 1;
    /** The task of {@code invokeAny} that answers: the one that wins, whatever the threads' order. */
    private static final int ANSWER_FORK = UNAVAILABLE_FORK + 1;
    /** What the decision of {@code invokeAny} records: the index of the winner among its tasks. */
    private static final int ANSWER_TASK = ANSWER_FORK - UNAVAILABLE_FORK;

    /** The executions of {@code branches} (format v2), in the order they started: their own records only. */
    static List<Execution> branches() {
        String invokeAny = "ExecutorService.invokeAny";
        return List.of(
                research(
                        BRANCHED,
                        step(tool("topics"), Answers.topics(BRANCHED)),
                        step(invokeAny, ANSWER_TASK),
                        finished(COMPLETED, researched(BRANCHED))),
                // stopped in its second fan-out: only the step before the forks is the execution's own
                research(BRANCH_HALTED, step(tool("topics"), Answers.topics(BRANCH_HALTED))));
    }

    /** What {@link GoldenBranches#research} returns for {@code key}. */
    static String researched(String key) {
        List<String> findings = TOPICS.stream().map(t -> Answers.lookup(key, t)).toList();
        String refined = Answers.refine(Answers.digest(findings));
        return GoldenBranches.summary(
                findings,
                refined,
                CHECKS.stream().map(c -> Answers.check(key, c)).toList(),
                Answers.answer(key, refined));
    }

    /**
     * The branches of the execution of {@link GoldenBranches#research} for {@code key}, by the part of their id
     * after the execution's ({@code ~2}, {@code ~6.1}), each with its records in position order: a journaled
     * call at position 0 each. A branch that journaled nothing ({@code invokeAny}'s failing task) has no record.
     *
     * @param finished whether the execution finished, or was halted with its {@code thenApply}'s branch in its call
     */
    static Map<String, List<Expected>> branchesOf(String key, boolean finished) {
        Map<String, List<Expected>> out = new LinkedHashMap<>();
        List<String> findings = new ArrayList<>();
        for (int i = 0; i < TOPICS.size(); i++) {
            findings.add(Answers.lookup(key, TOPICS.get(i)));
            out.put(fork(i), List.of(step(tool("lookup"), findings.get(i))));
        }
        String digest = Answers.digest(findings);
        out.put(fork(DIGEST_FORK), List.of(step(tool("digest"), digest)));
        if (!finished) {
            return out; // the refinement was in flight: no record
        }
        String refined = Answers.refine(digest);
        out.put(fork(REFINE_FORK), List.of(step(tool("refine"), refined)));
        for (int i = 0; i < CHECKS.size(); i++) {
            out.put(
                    BranchIds.element("", CHECKS_FORK, i),
                    List.of(step(tool("check"), Answers.check(key, CHECKS.get(i)))));
        }
        out.put(fork(ANSWER_FORK), List.of(step(tool("answer"), Answers.answer(key, refined))));
        return out;
    }

    /** @return the part of a branch id after its forker's: {@code ~n} */
    private static String fork(int n) {
        return BranchIds.fork("", n);
    }

    /** The key of an execution without {@code @ExecutionKey}: a digest of its encoded arguments. */
    private static String implicitKey(Object... args) {
        return ValueCodec.digest(CODEC.encode(args, APP));
    }

    @Test
    void basicsHoldWhatTheGeneratorWrote() {
        List<JournalRecord> records = GoldenJournals.records(GoldenJournals.journal(GoldenJournals.BASICS));
        assertExecutions(basics(), records);
        assertEquals(List.of(), outsideExecutions(records), "basics sends no event from outside an execution");
    }

    @Test
    void historyHoldsWhatTheGeneratorWrote() {
        List<JournalRecord> records = GoldenJournals.records(GoldenJournals.journal(GoldenJournals.HISTORY));
        assertExecutions(history(), records);
        List<JournalRecord> outside = outsideExecutions(records);
        assertEquals(1, outside.size(), "the event from the command line: " + outside);
        EventSent event = (EventSent) outside.get(0);
        assertEquals(APPROVAL_EVENT, event.name());
        assertEquals(H_EVENT, event.key());
        assertEquals(H_EVENT_JSON, event.json(), "events from outside the process carry JSON");
        assertNull(event.payload(), "and never codec bytes");
        assertEquals(
                event.eventId(),
                records.stream()
                        .filter(EventConsumed.class::isInstance)
                        .map(r -> ((EventConsumed) r).eventId())
                        .filter(id -> id.startsWith("ev-"))
                        .findFirst()
                        .orElseThrow(),
                "the waiting execution consumed it");
    }

    @Test
    void effectsHoldWhatTheGeneratorWrote() {
        List<JournalRecord> records = GoldenJournals.records(GoldenJournals.journal(GoldenJournals.EFFECTS));
        assertExecutions(effects(), records);
        assertEquals(List.of(), outsideExecutions(records), "effects sends no event from outside an execution");
        // an effect belongs to the call that made it: the call's step follows its effects, at the same call
        // site, and counts them
        for (StepRecomputed step : records.stream()
                .filter(StepRecomputed.class::isInstance)
                .map(StepRecomputed.class::cast)
                .toList()) {
            List<EffectRecorded> own = effectsOf(records, step.executionId(), step.position());
            assertEquals(step.effects(), own.size(), "the effects of " + step);
            own.forEach(e -> assertEquals(step.callSite(), e.callSite(), "the call site of " + e));
            assertTrue(records.indexOf(own.get(own.size() - 1)) < records.indexOf(step), "effects precede their step");
        }
        // an effect is placed where the body called the service that made it, and its request digest is
        // the request's: different requests digest differently
        List<EffectRecorded> all = effectsOf(records, null, -1);
        assertTrue(
                all.stream().allMatch(e -> e.callSite().startsWith(GoldenEffects.class.getSimpleName() + ".java:")),
                "effects are placed at the body's call: " + all);
        assertEquals(
                all.size(),
                all.stream().map(EffectRecorded::requestDigest).distinct().count(),
                "different requests digest differently");
    }

    @Test
    void branchesHoldWhatTheGeneratorWrote() {
        List<JournalRecord> records = GoldenJournals.records(GoldenJournals.journal(GoldenJournals.BRANCHES));
        assertExecutions(branches(), records);
        assertEquals(List.of(), outsideExecutions(records), "branches sends no event from outside an execution");
        assertBranches(records, BRANCHED, branchesOf(BRANCHED, true));
        assertBranches(records, BRANCH_HALTED, branchesOf(BRANCH_HALTED, false));
        assertTrue(
                GoldenJournals.starts(records).stream().noneMatch(s -> BranchIds.owner(s.executionId()) != null),
                "a branch has no start record of its own");
        assertEquals(
                GoldenJournals.starts(records).size(),
                records.stream()
                        .filter(r -> r.executionId() != null && BranchIds.owner(r.executionId()) == null)
                        .map(JournalRecord::executionId)
                        .distinct()
                        .count(),
                "every record is an execution's or one of its branches'");
    }

    @Test
    void lifecycleHoldsWhatTheGeneratorWrote() {
        Path journal = GoldenJournals.journal(GoldenJournals.LIFECYCLE);
        List<JournalRecord> records = GoldenJournals.records(journal);
        assertExecutions(lifecycle(), records);
        assertEquals(List.of(), outsideExecutions(records), "lifecycle sends no event from outside an execution");

        // one crash, journaled by the second process for the execution it found in its own code, after its
        // first call; none for the executions stopped in a call or in a wait (assertExecutions checks them)
        ExecutionCrashed crash = records.stream()
                .filter(ExecutionCrashed.class::isInstance)
                .map(ExecutionCrashed.class::cast)
                .collect(onlyOne("execution-crashed"));
        assertTrue(
                records.stream()
                        .filter(r ->
                                r instanceof StepRecorded && r.executionId().equals(crash.executionId()))
                        .allMatch(r -> records.indexOf(r) < records.indexOf(crash)
                                && ((StepRecorded) r).startedAtMillis() <= crash.atMillis()),
                "the crash is journaled after what the execution did, by a later process");

        // the deletion: the family and its child, one record each, with the operator's reason, and nothing else of
        // theirs is left (compaction dropped it), so they have no start; nothing at all of the expired execution
        Set<String> started = GoldenJournals.starts(records).stream()
                .map(ExecutionStarted::executionId)
                .collect(Collectors.toSet());
        List<JournalRecord> orphans = records.stream()
                .filter(r -> r.executionId() != null && !started.contains(r.executionId()))
                .toList();
        assertEquals(
                List.of(RecordType.EXECUTION_DELETED, RecordType.EXECUTION_DELETED),
                orphans.stream().map(RecordType::of).toList(),
                "only the deletions remain of the deleted executions: " + orphans);
        ExecutionDeleted family = (ExecutionDeleted) orphans.get(0);
        ExecutionDeleted child = (ExecutionDeleted) orphans.get(1);
        assertEquals(family.executionId() + "/1", child.executionId(), "the family's child goes with it");
        for (ExecutionDeleted d : List.of(family, child)) {
            assertEquals(L_ERASE_REASON, d.reason(), d.toString());
            assertTrue(d.atMillis() >= crash.atMillis(), "deleted after the second process: " + d);
        }

        // the segments: format 2, the oldest a compaction's output, covering a range whose gaps are exactly as
        // long as what the deleted and the expired executions had written; after it plain ones (the active one
        // last), each starting where the one before ends
        List<GoldenJournals.SegmentFile> segments = GoldenJournals.segments(journal);
        assertTrue(segments.size() >= 2, "a compacted segment and the active one: " + segments);
        assertTrue(segments.stream().allMatch(f -> f.version() == 2), "format 2 only: " + segments);
        assertTrue(segments.get(0).compacted(), "the oldest segment is a compaction's output: " + segments);
        assertFalse(segments.get(segments.size() - 1).compacted(), "the active segment is plain: " + segments);
        Map<Path, List<Long>> lsns = new LinkedHashMap<>();
        JournalLog.scan(
                journal,
                (segment, offset, lsn, type, payload) -> lsns.computeIfAbsent(
                                segment.getFileName(), f -> new ArrayList<>())
                        .add(lsn));
        long next = 1;
        long dropped = 0;
        for (GoldenJournals.SegmentFile f : segments) {
            List<Long> own = lsns.getOrDefault(f.file().getFileName(), List.of());
            assertEquals(next, f.firstLsn(), f + " starts where the segment before ends");
            if (f.compacted()) {
                assertTrue(own.stream().allMatch(l -> l >= f.firstLsn() && l <= f.coveredThrough()), f + ": " + own);
                dropped += f.coveredThrough() - f.firstLsn() + 1 - own.size();
                next = f.coveredThrough() + 1;
            } else {
                for (long l : own) {
                    assertEquals(next++, l, f + ": lsns without gaps outside a compacted segment");
                }
            }
        }
        List<Execution> gone = new ArrayList<>(family(L_ERASED));
        gone.add(failures(L_EXPIRED));
        assertEquals(
                gone.stream().mapToLong(e -> e.records().size() + 1).sum(),
                dropped,
                "compaction dropped every record of the deleted family and its child and of the expired execution,"
                        + " and nothing else");
    }

    /** @return a collector of the one element of a stream, failing if there is none or several */
    private static <T> java.util.stream.Collector<T, ?, T> onlyOne(String what) {
        return Collectors.collectingAndThen(Collectors.toList(), l -> {
            assertEquals(1, l.size(), what + ": " + l);
            return l.get(0);
        });
    }

    /**
     * The records of the branches of the execution with {@code key}: exactly the branches {@code expected}
     * names (by the part of their id after the execution's), each with its records in position order from 0,
     * all written before the execution finished.
     */
    private static void assertBranches(List<JournalRecord> records, String key, Map<String, List<Expected>> expected) {
        ExecutionStarted s = GoldenJournals.starts(records).stream()
                .filter(e -> e.key().equals(key))
                .findFirst()
                .orElseThrow();
        Map<String, List<JournalRecord>> byBranch = new TreeMap<>();
        for (JournalRecord r : records) {
            if (r.executionId() != null && s.executionId().equals(BranchIds.owner(r.executionId()))) {
                byBranch.computeIfAbsent(
                                r.executionId().substring(s.executionId().length()), b -> new ArrayList<>())
                        .add(r);
            }
        }
        assertEquals(
                new TreeMap<>(expected).keySet(), byBranch.keySet(), key + ": the branches that journaled something");
        int finish = records.stream()
                .filter(r -> r instanceof ExecutionFinished && s.executionId().equals(r.executionId()))
                .map(records::indexOf)
                .findFirst()
                .orElse(records.size());
        Expected.Context context = new Expected.Context(CODEC, s);
        expected.forEach((branch, want) -> {
            List<JournalRecord> own = byBranch.get(branch);
            String what = key + " " + branch;
            assertEquals(
                    want.stream().map(Expected::type).toList(),
                    own.stream().map(RecordType::of).toList(),
                    what + ": its records");
            for (int j = 0; j < own.size(); j++) {
                JournalRecord r = own.get(j);
                assertEquals(j, ((ExecutionStep) r).position(), what + ": positioned within the branch, from 0");
                assertTrue(records.indexOf(r) < finish, what + ": written before the execution finished");
                try {
                    want.get(j).check().accept(r, context);
                } catch (AssertionError | RuntimeException failure) {
                    throw new AssertionError(
                            what + ", record " + j + " (" + want.get(j).what() + "): " + failure.getMessage(), failure);
                }
            }
        });
        byBranch.values().stream()
                .flatMap(List::stream)
                .forEach(r -> assertTrue(
                        ((StepRecorded) r).callSite().startsWith(GoldenBranches.class.getSimpleName() + ".java:"),
                        key + ": a branch's call is placed in the body's lambda that made it: " + r));
    }

    private static List<EffectRecorded> effectsOf(List<JournalRecord> records, String executionId, int position) {
        Stream<EffectRecorded> effects =
                records.stream().filter(EffectRecorded.class::isInstance).map(EffectRecorded.class::cast);
        return executionId == null
                ? effects.toList()
                : effects.filter(e -> e.executionId().equals(executionId) && e.position() == position)
                        .toList();
    }

    /** Together the golden journals hold a record of every type the schema has. */
    @Test
    void everyRecordTypeOfTheSchemaIsInAGoldenJournal() {
        Set<RecordType> found = EnumSet.noneOf(RecordType.class);
        for (String scenario : GoldenJournals.SCENARIOS) {
            GoldenJournals.records(GoldenJournals.journal(scenario)).forEach(r -> found.add(RecordType.of(r)));
        }
        assertEquals(EnumSet.allOf(RecordType.class), found);
    }

    /** Decoding and encoding again gives every record's stored type and bytes back: the format is unchanged. */
    @Test
    void everyRecordEncodesToTheBytesItWasReadFrom() {
        for (String scenario : GoldenJournals.SCENARIOS) {
            JournalLog.scan(GoldenJournals.journal(scenario), (lsn, type, payload) -> {
                JournalRecord r = RecordCodec.decode(type, payload);
                assertEquals(type, RecordCodec.typeOf(r), scenario + " lsn " + lsn);
                assertArrayEquals(payload, RecordCodec.encode(r), scenario + " lsn " + lsn);
            });
        }
    }

    /** @return whether the {@code @Durable} method {@code name} of {@code owner} is static */
    private static boolean isStatic(Class<?> owner, String name) {
        Method m = Stream.of(owner.getDeclaredMethods())
                .filter(d -> d.getName().equals(name) && d.isAnnotationPresent(Durable.class))
                .findFirst()
                .orElseThrow(() -> new AssertionError(owner.getName() + " has no @Durable method " + name));
        return Modifier.isStatic(m.getModifiers());
    }

    private static List<JournalRecord> outsideExecutions(List<JournalRecord> records) {
        return records.stream().filter(r -> r.executionId() == null).toList();
    }

    private static void assertExecutions(List<Execution> expected, List<JournalRecord> records) {
        List<ExecutionStarted> starts = GoldenJournals.starts(records);
        assertEquals(
                expected.stream().map(e -> e.name() + "/" + e.key()).toList(),
                starts.stream().map(s -> s.durableName() + "/" + s.key()).toList(),
                "the executions, in start order");
        for (int i = 0; i < expected.size(); i++) {
            Execution e = expected.get(i);
            ExecutionStarted s = starts.get(i);
            String what = e.name() + "/" + e.key();
            assertEquals(e.explicitKey(), s.explicitKey(), what);
            assertEquals(e.owner().getName(), s.className(), what);
            assertEquals(isStatic(e.owner(), s.methodName()), s.isStatic(), what);
            Expected.assertSameValue(
                    new Object[] {e.key().equals(implicitKey(VALUES_LABEL)) ? VALUES_LABEL : e.key()},
                    CODEC.decode(s.arguments(), APP),
                    what + " arguments");
            if (e.parentName() == null) {
                assertNull(s.parentId(), what);
            } else {
                ExecutionStarted parent = starts.stream()
                        .filter(p -> p.durableName().equals(e.parentName())
                                && p.key().equals(e.key()))
                        .findFirst()
                        .orElseThrow();
                assertEquals(parent.executionId(), s.parentId(), what);
                assertEquals(parent.executionId() + "/1", s.executionId(), what + ": the child of its parent's step 1");
            }
            List<JournalRecord> own = new ArrayList<>(records.stream()
                    .filter(r -> s.executionId().equals(r.executionId()))
                    .toList());
            own.remove(s);
            assertEquals(
                    e.records().stream().map(Expected::type).toList(),
                    own.stream().map(RecordType::of).toList(),
                    what + ": its records");
            Expected.Context context = new Expected.Context(CODEC, s);
            for (int j = 0; j < own.size(); j++) {
                try {
                    e.records().get(j).check().accept(own.get(j), context);
                } catch (AssertionError | RuntimeException failure) {
                    throw new AssertionError(
                            what + ", record " + j + " (" + e.records().get(j).what() + "): " + failure.getMessage(),
                            failure);
                }
            }
        }
    }
}
