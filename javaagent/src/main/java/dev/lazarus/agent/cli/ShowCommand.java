package dev.lazarus.agent.cli;

import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecorded;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Set;

/**
 * {@code show --journal DIR ID [--classpath CP]}: one execution, step by step — call site, callee,
 * outcome or exception, duration, attempts, step key — with its arguments and result.
 */
final class ShowCommand implements Command {
    @Override
    public String name() {
        return "show";
    }

    @Override
    public String usage() {
        return "--journal DIR ID [--classpath CP]   one execution step by step (CP: to read values of your classes)";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("journal", "classpath");
    }

    @Override
    public int run(CliArgs args, PrintStream out) throws CliException {
        JournalView view = JournalView.read(args.journal());
        JournalView.Execution ex = view.find(args.exactly("ID").get(0));
        ValueRenderer values = new ValueRenderer(args.option("classpath"));
        out.println("execution  " + ex.id());
        out.println("name       " + ex.started.durableName());
        out.println("method     " + ex.started.className() + "." + ex.started.methodName() + ex.started.methodDescriptor());
        out.println("key        " + ex.started.key() + (ex.started.explicitKey() ? " (@ExecutionKey)" : " (digest of the arguments)"));
        if (ex.started.parentId() != null) {
            out.println("parent     " + ex.started.parentId());
        }
        out.println("state      " + ex.state() + (ex.recoveries > 0 ? " (recovered " + ex.recoveries + " time(s))" : ""));
        out.println("started    " + Instant.ofEpochMilli(ex.started.startedAtMillis()));
        out.println("arguments  " + values.render(ex.started.arguments()));
        out.println();
        out.printf("%4s  %-22s %-8s %-44s %s%n", "STEP", "CALL SITE", "TOOK", "CALLEE", "OUTCOME");
        for (JournalRecord r : ex.records) {
            if (r instanceof StepRecorded s) {
                out.printf("%4d  %-22s %-8s %-44s %s%s%s%n", s.position(), s.callSite(), took(s.durationNanos()),
                        callee(s.callee()), s.threw() ? "threw " : "", values.render(s.value()),
                        (s.attempts() > 1 ? "  [" + s.attempts() + " attempts]" : "") + "  key " + ex.id() + "#" + s.position());
            } else if (r instanceof AttemptFailed a) {
                out.printf("%4d  %-22s %-8s %-44s attempt %d failed: %s; next attempt at %s%n", a.position(), a.callSite(),
                        "", "", a.attempt(), values.render(a.exception()), Instant.ofEpochMilli(a.nextAttemptAtMillis()));
            } else if (r instanceof AwaitStarted a) {
                out.printf("%4d  %-22s %-8s %-44s waits for event %s/%s (%s) until %s%n", a.position(), a.callSite(), "",
                        "Lazarus.awaitEvent", a.name(), a.key(), a.payloadType(), Instant.ofEpochMilli(a.deadlineMillis()));
            } else if (r instanceof EventConsumed c) {
                out.printf("%4d  %-22s %-8s %-44s %s%n", c.position(), c.callSite(), "", "Lazarus.awaitEvent",
                        c.eventId() == null ? "timed out" : "got event " + c.eventId() + ": " + values.render(c.value()));
            } else if (r instanceof EventSent e) {
                out.printf("%4d  %-22s %-8s %-44s sent event %s/%s as %s%n", e.position(), e.callSite(), "",
                        "Lazarus.sendEvent", e.name(), e.key(), e.eventId());
            } else if (r instanceof RecoveryStarted rs) {
                out.printf("      -- resumed by a new process at %s (%d steps to replay)%n",
                        Instant.ofEpochMilli(rs.atMillis()), rs.stepsRecorded());
            } else if (r instanceof ExecutionDiverged d) {
                out.println("      -- DIVERGED: " + d.message());
            } else if (r instanceof ExecutionFinished f) {
                out.println();
                out.println((f.state().name().equals("COMPLETED") ? "result     " : "failure    ") + values.render(f.outcome()));
                out.println("finished   " + Instant.ofEpochMilli(f.finishedAtMillis()));
            }
        }
        return 0;
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
