package dev.lazarus.agent.cli;

import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionDeleted;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionRetried;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCases;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * {@code show --journal DIR ID [--classpath CP] [--to-string]}: one execution, step by step — call site, callee,
 * outcome or exception, duration, attempts, step key — with its arguments and result. Values of the application's
 * classes are shown field by field; {@code --to-string} prints them with their own {@code toString}, which runs
 * the application's code in this process (see {@link ValueRenderer}). The journal is read in
 * a streaming pass that keeps that execution's records and nothing else ({@link ExecutionFinder}).
 */
final class ShowCommand implements Command {
    @Override
    public String name() {
        return "show";
    }

    @Override
    public String usage() {
        return "--journal DIR ID [--classpath CP] [--to-string]   one execution step by step (CP: to read values of"
                + " your classes; --to-string: print them with their toString, which runs their code)";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("journal", "classpath");
    }

    @Override
    public Set<String> switches() {
        return Set.of("to-string");
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        Path journal = args.journal();
        String id = args.exactly("ID").get(0);
        ExecutionFinder.Found ex = ExecutionFinder.byId(id, true, false, OperatorActions.read(journal))
                .scan(journal)
                .one();
        ValueRenderer values = new ValueRenderer(args.option("classpath"), args.has("to-string"));
        out.println("execution  " + ex.id());
        out.println("name       " + ex.started.durableName());
        out.println(
                "method     " + ex.started.className() + "." + ex.started.methodName() + ex.started.methodDescriptor());
        out.println("key        " + ex.started.key()
                + (ex.started.explicitKey() ? " (@ExecutionKey)" : " (digest of the arguments)"));
        if (ex.started.parentId() != null) {
            out.println("parent     " + ex.started.parentId());
        }
        int recoveries = ex.summary.recoveries;
        out.println(
                "state      " + ex.summary.state() + (recoveries > 0 ? " (recovered " + recoveries + " time(s))" : ""));
        out.println("started    " + Instant.ofEpochMilli(ex.started.startedAtMillis()));
        out.println("arguments  " + values.render(ex.started.arguments()));
        out.println();
        out.printf("%8s  %-22s %-8s %-44s %s%n", "STEP", "CALL SITE", "TOOK", "CALLEE", "OUTCOME");
        Lines lines = new Lines(ex, values);
        for (JournalRecord r : ex.records) {
            out.print(RecordType.dispatch(r, lines));
        }
        return 0;
    }

    /** What each kind of record an execution holds prints: one case per record type. */
    private static final class Lines implements RecordCases<String> {
        private final ExecutionFinder.Found ex;
        private final ValueRenderer values;

        Lines(ExecutionFinder.Found ex, ValueRenderer values) {
            this.ex = ex;
            this.values = values;
        }

        private String step(
                String executionId, int position, String callSite, String took, String callee, String outcome) {
            return String.format(
                    "%8s  %-22s %-8s %-44s %s%n", label(executionId, position), callSite, took, callee, outcome);
        }

        /**
         * A step's position, and for a step of a branch (work the body handed to another thread) the branch:
         * {@code ~2:0} is the first step of the body's third fork, {@code ~1.4:0} the first of element 4 of the
         * parallel stream that was its second.
         */
        private String label(String executionId, int position) {
            return executionId.equals(ex.id())
                    ? String.valueOf(position)
                    : executionId.substring(ex.id().length()) + ":" + position;
        }

        private static String note(String text) {
            return "      -- " + text + System.lineSeparator();
        }

        @Override
        public String executionStarted(ExecutionStarted r) {
            return ""; // the heading above shows it
        }

        @Override
        public String stepRecorded(StepRecorded s) {
            String outcome = s.callee().equals(StepRecorded.SLEEP_CALLEE)
                    ? values.value(s.value())
                            .filter(Long.class::isInstance)
                            .map(wake -> "wakes at " + Instant.ofEpochMilli((Long) wake))
                            .orElse(values.render(s.value()))
                    : values.render(s.value());
            return step(
                    s.executionId(),
                    s.position(),
                    s.callSite(),
                    took(s.durationNanos()),
                    callee(s.callee()),
                    (s.threw() ? "threw " : "") + outcome
                            + (s.attempts() > 1 ? "  [" + s.attempts() + " attempts]" : "")
                            + "  key " + s.executionId() + "#" + s.position());
        }

        @Override
        public String effectRecorded(EffectRecorded e) {
            return step(
                    e.executionId(),
                    e.position(),
                    e.callSite(),
                    took(e.durationNanos()),
                    "  effect " + e.index() + " " + e.boundary(),
                    e.request() + " -> " + (e.threw() ? "threw " : "") + values.render(e.value()));
        }

        @Override
        public String stepRecomputed(StepRecomputed r) {
            return step(
                    r.executionId(),
                    r.position(),
                    r.callSite(),
                    "",
                    callee(r.callee()),
                    "recomputed on replay, its " + r.effects() + " effect(s) answered from the journal (" + r.reason()
                            + ")");
        }

        @Override
        public String attemptFailed(AttemptFailed a) {
            return step(
                    a.executionId(),
                    a.position(),
                    a.callSite(),
                    "",
                    "",
                    "attempt " + a.attempt() + " failed: " + values.render(a.exception()) + "; next attempt at "
                            + Instant.ofEpochMilli(a.nextAttemptAtMillis()));
        }

        @Override
        public String awaitStarted(AwaitStarted a) {
            return step(
                    a.executionId(),
                    a.position(),
                    a.callSite(),
                    "",
                    AwaitStarted.CALLEE,
                    "waits for event " + a.name() + "/" + a.key() + " (" + a.payloadType() + ") until "
                            + Instant.ofEpochMilli(a.deadlineMillis()));
        }

        @Override
        public String eventConsumed(EventConsumed c) {
            return step(
                    c.executionId(),
                    c.position(),
                    c.callSite(),
                    "",
                    EventConsumed.CALLEE,
                    c.eventId() == null ? "timed out" : "got event " + c.eventId() + ": " + values.render(c.value()));
        }

        @Override
        public String eventSent(EventSent e) {
            return step(
                    e.executionId(),
                    e.position(),
                    e.callSite(),
                    "",
                    EventSent.CALLEE,
                    "sent event " + e.name() + "/" + e.key() + " as " + e.eventId() + ": "
                            + (e.json() != null ? e.json() : values.render(e.payload())));
        }

        @Override
        public String recoveryStarted(RecoveryStarted r) {
            return note("resumed by a new process at " + Instant.ofEpochMilli(r.atMillis()) + " (" + r.stepsRecorded()
                    + " steps to replay)");
        }

        @Override
        public String executionDiverged(ExecutionDiverged d) {
            return note("DIVERGED: " + d.message());
        }

        @Override
        public String executionCrashed(ExecutionCrashed r) {
            return note("the process died at " + Instant.ofEpochMilli(r.atMillis())
                    + " while this execution ran its own code"
                    + (r.position() >= 0 ? " (after position " + r.position() + ")" : "")
                    + ": counts towards maxRecoveries");
        }

        @Override
        public String executionDeleted(ExecutionDeleted r) {
            return note("deleted at " + Instant.ofEpochMilli(r.atMillis())
                    + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")"));
        }

        @Override
        public String executionRetried(ExecutionRetried r) {
            return note("retry asked from the command line at " + Instant.ofEpochMilli(r.atMillis())
                    + ": recovered again at the next start");
        }

        @Override
        public String executionFinished(ExecutionFinished f) {
            return System.lineSeparator()
                    + (f.state() == ExecutionState.COMPLETED ? "result     " : "failure    ")
                    + values.render(f.outcome())
                    + System.lineSeparator() + "finished   " + Instant.ofEpochMilli(f.finishedAtMillis())
                    + System.lineSeparator();
        }
    }

    private static String callee(String callee) {
        int paren = callee.indexOf('(');
        String name = paren < 0 ? callee : callee.substring(0, paren);
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    private static String took(long nanos) {
        if (nanos < 1_000_000) {
            return (nanos / 1000) + "us";
        }
        if (nanos < 10_000_000_000L) {
            return (nanos / 1_000_000) + "ms";
        }
        return (nanos / 1_000_000_000) + "s";
    }
}
