package dev.lazarus.it.apps.golden;

import java.net.URI;
import java.util.List;

/**
 * The inputs of the golden scenarios, stated once for the generator and for the tests that read what it
 * wrote: execution keys, the implicit-key label, event names and payloads, and where the generator stops
 * the executions it leaves unfinished.
 */
public final class GoldenInputs {
    private GoldenInputs() {}

    // ---- journal "basics": finished executions, then unfinished ones stopped at known calls

    /** The argument of {@link GoldenFlows#values}, whose key is a digest of it. */
    public static final String VALUES_LABEL = "every-value";
    /** Key of {@link GoldenFlows#failures}. */
    public static final String FAILURES = "failures-1";
    /** Key of {@link GoldenFlows#family}. */
    public static final String FAMILY = "family-1";
    /** Key of {@link GoldenFlows#events}. */
    public static final String EVENTS = "events-1";
    /** Key of {@link GoldenFlows#failing}. */
    public static final String FAILING = "failing-1";
    /** Key of {@link GoldenFlows#steps}, stopped at its {@code instant} call (after a quote, a sleep and a list). */
    public static final String STEPS = "steps-1";
    /** Key of {@link GoldenFlows#retrying}, stopped in its flaky call's second attempt. */
    public static final String RETRYING = "retrying-1";
    /** Key of {@link GoldenFlows#waiting}, stopped waiting for its approval. */
    public static final String WAITING = "waiting-1";
    /** Key of {@link GoldenFlows#parent}, stopped in its child's {@code count} call. */
    public static final String PARENT = "parent-1";

    /** The {@code patched} change id {@link GoldenFlows#values} asks about. */
    public static final String PATCH = "golden-patch";
    /** How long {@link GoldenFlows#values} and {@link GoldenFlows#steps} sleep. */
    public static final long SLEEP_MILLIS = 20;
    /** The event {@link GoldenFlows#events} sends to itself. */
    public static final String NOTE_EVENT = "golden-note";
    /** How long {@link GoldenFlows#events} would wait for its note. */
    public static final int NOTE_TIMEOUT_DAYS = 1;
    /** The event {@link GoldenFlows#waiting} waits for. */
    public static final String APPROVAL_EVENT = "golden-approval";
    /** How long {@link GoldenFlows#waiting} waits: a golden journal's wait must not time out while it is kept. */
    public static final int APPROVAL_TIMEOUT_DAYS = 36_500;

    // ---- journal "history": several processes, the command line between them

    /** Key of a {@link GoldenFlows#steps} execution that a second process resumes and completes. */
    public static final String H_RESUMED = "h-resumed";
    /** Key of a {@link GoldenFlows#story} execution that a second process, with changed code, diverges from. */
    public static final String H_DIVERGED = "h-diverged";
    /** Key of a {@link GoldenFlows#fragile} execution that fails, is retried from the command line and completes. */
    public static final String H_RETRIED = "h-retried";
    /** Key of a {@link GoldenFlows#waiting} execution that gets an event sent from the command line. */
    public static final String H_EVENT = "h-event";
    /** What the command line sends to {@link #H_EVENT} while no process runs. */
    public static final Note H_EVENT_NOTE = new Note("sent from the command line", true);
    /** {@link #H_EVENT_NOTE} as the command line sends it. */
    public static final String H_EVENT_JSON =
            "{\"text\":\"" + H_EVENT_NOTE.text() + "\",\"approved\":" + H_EVENT_NOTE.approved() + "}";

    // ---- journal "effects" (format v2): HTTP exchanges in a body and inside journaled calls

    /** Key of a {@link GoldenEffects#fetch} execution that finishes. */
    public static final String FETCHED = "fetched-1";
    /** Key of a {@link GoldenEffects#fetch} execution stopped in its second reading, after its first exchange. */
    public static final String FETCH_HALTED = "fetch-halted-1";
    /** What {@link GoldenEffects#fetch} asks for in its body, by itself. */
    public static final String PAGE = "page";
    /** What the first {@link GoldenReader#read} of {@link GoldenEffects#fetch} reads. */
    public static final String FIRST_READING = "first";
    /** What the second {@link GoldenReader#read} of {@link GoldenEffects#fetch} reads. */
    public static final String SECOND_READING = "second";
    /**
     * The host every request of the effects scenario names. Reserved, so it never resolves: the generator's
     * clients reach {@link GoldenHttpServer} as their proxy, which keeps the URIs, hence the journaled requests
     * and their digests, the same whatever port the server had in the process that wrote the journal and in
     * the one that resumes it.
     */
    public static final String HTTP_HOST = "golden.invalid";

    // ---- journal "branches" (format v2): work the body hands to other threads

    /** Key of a {@link GoldenBranches#research} execution that finishes. */
    public static final String BRANCHED = "branched-1";
    /**
     * Key of a {@link GoldenBranches#research} execution stopped in its second fan-out: its lookups and its
     * digest are journaled (in branches {@code ~0} to {@code ~4}), its refinement ({@code ~5}) is in flight.
     */
    public static final String BRANCH_HALTED = "branch-halted-1";
    /** What {@link GoldenBranches#research} looks up in its first fan-out, one task each ({@link Answers#topics}). */
    public static final List<String> TOPICS = List.of("weather", "flights", "hotels", "events");
    /** What {@link GoldenBranches#research} checks in its parallel stream, one element each. */
    public static final List<String> CHECKS = List.of("budget", "dates", "visa");

    // ---- journal "lifecycle" (format v3): segment format 2, a crash in an execution's own code, a deletion,
    // retention and the agent's background compaction

    /** Key of a {@link GoldenFlows#family} execution that finishes and is then deleted from the command line. */
    public static final String L_ERASED = "erased-1";
    /** Why the command line deletes {@link #L_ERASED}: the reason its {@code execution-deleted} record carries. */
    public static final String L_ERASE_REASON = "golden: erased on request";
    /** Key of a {@link GoldenFlows#failures} execution that finishes and that retention then expires. */
    public static final String L_EXPIRED = "expired-1";
    /** Key of a {@link GoldenFlows#steps} execution stopped at its {@code instant} call: in a journaled call. */
    public static final String L_STEPS = "stepped-1";
    /**
     * Key of a {@link GoldenLifecycle#crunch} execution stopped in its own code (after its first call): the next
     * process journals that it crashed there.
     */
    public static final String L_CRASHED = "crashed-1";
    /** Key of a {@link GoldenFlows#waiting} execution stopped waiting for its approval. */
    public static final String L_WAITING = "approval-1";
    /**
     * The segment size the generator's agent writes the lifecycle journal with ({@code segmentSize=}): small, so
     * that a few executions fill several segments and a run of sealed ones can be compacted.
     */
    public static final String L_SEGMENT_SIZE = "1k";
    /**
     * The retention of the generator's last process ({@code retention=}), whose background compaction drops the
     * deleted execution and the finished one: short, so that its compaction runs and expires what finished before.
     */
    public static final String L_RETENTION = "1s";

    /** @return the path of one HTTP exchange of the effects scenario: {@code /<key>/<what>} */
    public static String httpPath(String key, String what) {
        return "/" + key + "/" + what;
    }

    /** @return the path of exchange {@code n} (from 1) of a {@link GoldenReader#read}: {@code /<key>/<part>/<n>} */
    public static String readingPath(String key, String part, int n) {
        return httpPath(key, part + "/" + n);
    }

    /** @return the URI a request for {@code path} names */
    public static URI httpUri(String path) {
        return URI.create("http://" + HTTP_HOST + path);
    }

    /** @return the halt point of a service call: {@code <operation>:<argument>} */
    public static String haltPoint(String operation, String argument) {
        return operation + ":" + argument;
    }
}
