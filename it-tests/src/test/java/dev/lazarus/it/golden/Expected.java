package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecorded;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What one record of a golden journal must be: its type and what its fields and decoded values must hold.
 * Values are decoded by the store's value codec with the test's class loader, which sees the generator's
 * classes.
 *
 * @param type the record's type
 * @param what a description for failure messages
 * @param check asserts the record's fields and values
 */
record Expected(RecordType type, String what, BiConsumer<JournalRecord, Expected.Context> check) {
    /**
     * What a check may use besides the record.
     *
     * @param codec the value codec
     * @param started the start of the record's execution
     */
    record Context(ValueCodec codec, ExecutionStarted started) {}

    private static Object decode(Context ctx, byte[] bytes) {
        return ctx.codec().decode(bytes, Expected.class.getClassLoader());
    }

    /** Compares values: arrays by content, exceptions by class and message, anything else by equals. */
    static void assertSameValue(Object expected, Object actual, String what) {
        if (expected instanceof Throwable e) {
            assertInstanceOf(e.getClass(), actual, what);
            assertEquals(e.getMessage(), ((Throwable) actual).getMessage(), what);
        } else {
            assertTrue(Objects.deepEquals(expected, actual), what + ": expected " + expected + ", decoded " + actual);
        }
    }

    /** @return the {@code Class.method} part of a step's callee, {@code GoldenServices.quote} */
    static String calleeName(String callee) {
        int paren = callee.indexOf('(');
        String name = paren < 0 ? callee : callee.substring(0, paren);
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** A journaled call of {@code callee} (simple class name and method) that returned {@code value}. */
    static Expected step(String callee, Object value) {
        return new Expected(RecordType.STEP_RECORDED, callee + " -> " + value, (r, ctx) -> {
            StepRecorded s = (StepRecorded) r;
            assertEquals(callee, calleeName(s.callee()));
            assertFalse(s.threw(), callee + " threw");
            assertSameValue(value, decode(ctx, s.value()), callee);
        });
    }

    /** A journaled call of {@code callee} that took {@code attempts} attempts. */
    static Expected step(String callee, Object value, int attempts) {
        Expected plain = step(callee, value);
        return new Expected(
                plain.type,
                plain.what + " in " + attempts + " attempts",
                plain.check.andThen((r, ctx) -> assertEquals(attempts, ((StepRecorded) r).attempts(), callee)));
    }

    /** A journaled call of {@code callee} that threw {@code exception}. */
    static Expected threw(String callee, Throwable exception) {
        return new Expected(RecordType.STEP_RECORDED, callee + " threw " + exception, (r, ctx) -> {
            StepRecorded s = (StepRecorded) r;
            assertEquals(callee, calleeName(s.callee()));
            assertTrue(s.threw(), callee + " returned");
            assertSameValue(exception, decode(ctx, s.value()), callee);
        });
    }

    /** A durable timer of at least {@code millis}: its value is the wake-up time. */
    static Expected sleep(long millis) {
        return new Expected(RecordType.STEP_RECORDED, "sleep " + millis + " ms", (r, ctx) -> {
            StepRecorded s = (StepRecorded) r;
            assertEquals(StepRecorded.SLEEP_CALLEE, s.callee());
            long wake = (Long) decode(ctx, s.value());
            assertTrue(
                    wake >= s.startedAtMillis() + millis,
                    "wakes " + (wake - s.startedAtMillis()) + " ms after the step");
        });
    }

    /** A {@code patched(changeId)} marker reached live. */
    static Expected patched(String changeId) {
        return new Expected(RecordType.STEP_RECORDED, "patched " + changeId, (r, ctx) -> {
            StepRecorded s = (StepRecorded) r;
            assertEquals(StepRecorded.PATCHED_CALLEE_PREFIX + changeId, s.callee());
            assertEquals(Boolean.TRUE, decode(ctx, s.value()));
        });
    }

    /** A failed attempt {@code attempt} of a call with a retry policy. */
    static Expected attemptFailed(int attempt, Throwable exception) {
        return new Expected(RecordType.ATTEMPT_FAILED, "attempt " + attempt + " failed", (r, ctx) -> {
            AttemptFailed a = (AttemptFailed) r;
            assertEquals(attempt, a.attempt());
            assertSameValue(exception, decode(ctx, a.exception()), "attempt " + attempt);
        });
    }

    /** The wait for event {@code name} (of a {@code payloadType}) began, for at least {@code timeout}. */
    static Expected awaiting(String name, String key, Class<?> payloadType, Duration timeout) {
        return new Expected(RecordType.AWAIT_STARTED, "await " + name + "/" + key, (r, ctx) -> {
            AwaitStarted a = (AwaitStarted) r;
            assertEquals(name, a.name());
            assertEquals(key, a.key());
            assertEquals(payloadType.getName(), a.payloadType());
            assertTrue(
                    a.deadlineMillis() - ctx.started().startedAtMillis() >= timeout.toMillis(),
                    "the deadline is the wait's start plus its timeout: " + a.deadlineMillis());
        });
    }

    /** The wait got an event, and returned {@code value} (an {@code Optional}). */
    static Expected consumed(Object value) {
        return new Expected(RecordType.EVENT_CONSUMED, "consumed " + value, (r, ctx) -> {
            EventConsumed c = (EventConsumed) r;
            assertTrue(c.eventId() != null, "the wait timed out");
            assertSameValue(value, decode(ctx, c.value()), "the wait's outcome");
        });
    }

    /** The execution sent event {@code name}/{@code key} with {@code payload}. */
    static Expected sent(String name, String key, Object payload) {
        return new Expected(RecordType.EVENT_SENT, "sent " + name + "/" + key, (r, ctx) -> {
            EventSent e = (EventSent) r;
            assertEquals(name, e.name());
            assertEquals(key, e.key());
            assertEquals(
                    e.executionId() + "#" + e.position(), e.eventId(), "an id derived from execution and position");
            assertSameValue(payload, decode(ctx, e.payload()), "the event's payload");
        });
    }

    /** The execution ended in {@code state} with {@code outcome} (a result, or the exception). */
    static Expected finished(ExecutionState state, Object outcome) {
        return new Expected(RecordType.EXECUTION_FINISHED, state + " " + outcome, (r, ctx) -> {
            ExecutionFinished f = (ExecutionFinished) r;
            assertEquals(state, f.state());
            assertSameValue(outcome, decode(ctx, f.outcome()), "the outcome");
        });
    }

    /** A new process resumed the execution with {@code steps} recorded steps. */
    static Expected recovered(int steps) {
        return new Expected(
                RecordType.RECOVERY_STARTED,
                "recovered with " + steps + " steps",
                (r, ctx) -> assertEquals(steps, ((RecoveryStarted) r).stepsRecorded()));
    }

    /** An operator's {@code retry}. */
    static Expected retried() {
        return new Expected(RecordType.EXECUTION_RETRIED, "retried", (r, ctx) -> {});
    }

    /** Replay diverged: the message names both callees. */
    static Expected diverged(String nowCalled, String recorded) {
        return new Expected(RecordType.EXECUTION_DIVERGED, "diverged", (r, ctx) -> {
            String m = ((ExecutionDiverged) r).message();
            assertTrue(m.startsWith("LAZ-301") && m.contains(nowCalled) && m.contains(recorded), m);
        });
    }
}
