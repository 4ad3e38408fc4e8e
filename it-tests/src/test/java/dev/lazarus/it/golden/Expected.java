package dev.lazarus.it.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.golden.Answers;
import dev.lazarus.it.apps.golden.GoldenHttpServer;
import dev.lazarus.it.apps.golden.GoldenInputs;
import dev.lazarus.store.codec.CodecException;
import dev.lazarus.store.codec.ValueCodec;
import dev.lazarus.store.record.AttemptFailed;
import dev.lazarus.store.record.AwaitStarted;
import dev.lazarus.store.record.EffectRecorded;
import dev.lazarus.store.record.EventConsumed;
import dev.lazarus.store.record.EventSent;
import dev.lazarus.store.record.ExecutionCrashed;
import dev.lazarus.store.record.ExecutionDiverged;
import dev.lazarus.store.record.ExecutionFinished;
import dev.lazarus.store.record.ExecutionStarted;
import dev.lazarus.store.record.ExecutionState;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordType;
import dev.lazarus.store.record.RecoveryStarted;
import dev.lazarus.store.record.StepRecomputed;
import dev.lazarus.store.record.StepRecorded;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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

    // ---- format v3: crashes in an execution's own code

    /**
     * The process died while the execution ran its own code after the step at {@code position}; the next process
     * journaled it, after the execution started.
     */
    static Expected crashed(int position) {
        return new Expected(RecordType.EXECUTION_CRASHED, "crashed after position " + position, (r, ctx) -> {
            ExecutionCrashed c = (ExecutionCrashed) r;
            assertEquals(position, c.position(), "the position its thread had reached");
            assertTrue(c.atMillis() >= ctx.started().startedAtMillis(), "journaled after the start: " + c);
        });
    }

    // ---- format v2: effects at their boundary

    /**
     * The name of the {@code java.net.http} boundary, part of the journal format: the callee of an exchange made
     * by recomputed code, and the boundary of an exchange made inside a journaled call.
     */
    static final String HTTP_BOUNDARY = "http:java.net.http";

    /** An exchange with {@link GoldenHttpServer} for {@code path}, made by the body itself: a step of its own. */
    static Expected exchange(String path) {
        return new Expected(RecordType.STEP_RECORDED, "exchange " + path, (r, ctx) -> {
            StepRecorded s = (StepRecorded) r;
            assertEquals(HTTP_BOUNDARY, s.callee());
            assertFalse(s.threw(), path + " threw");
            assertEquals(1, s.attempts(), path);
            assertNotEquals(0, s.argumentsDigest(), "the request's digest, compared on replay");
            assertExchange(decode(ctx, s.value()), path, s.startedAtMillis(), s.durationNanos());
        });
    }

    /** Exchange {@code index} for {@code path} inside the journaled call at {@code position}. */
    static Expected effect(int position, int index, String path) {
        return new Expected(RecordType.EFFECT_RECORDED, "effect " + position + "." + index + " " + path, (r, ctx) -> {
            EffectRecorded e = (EffectRecorded) r;
            assertEquals(position, e.position(), "the step it belongs to");
            assertEquals(index, e.index(), "its place among the step's effects");
            assertEquals(HTTP_BOUNDARY, e.boundary());
            assertEquals(request(path), e.request(), "the request as people read it");
            assertFalse(e.threw(), path + " threw");
            assertNotEquals(0, e.requestDigest(), "the request's digest, compared on replay");
            assertExchange(decode(ctx, e.value()), path, e.startedAtMillis(), e.durationNanos());
        });
    }

    /**
     * A journaled call of {@code callee} whose result could not be journaled (the codec refused it: LAZ-201),
     * journaled as recomputed with {@code effects} exchanges inside.
     */
    static Expected recomputed(String callee, int effects) {
        return new Expected(RecordType.STEP_RECOMPUTED, callee + " recomputed", (r, ctx) -> {
            StepRecomputed s = (StepRecomputed) r;
            assertEquals(callee, calleeName(s.callee()));
            assertEquals(effects, s.effects(), "the effects inside the call");
            assertTrue(
                    s.reason().startsWith(CodecException.CANNOT_SERIALIZE + ": "),
                    "why the result could not be journaled: " + s.reason());
            assertNotEquals(0, s.argumentsDigest(), "the arguments' digest, compared on replay");
        });
    }

    /** @return how a request for {@code path} reads in the journal: method and URI */
    static String request(String path) {
        return "GET " + GoldenInputs.httpUri(path);
    }

    /**
     * Asserts an exchange as the {@code java.net.http} boundary journals it (a map: request, status, version,
     * headers, body) is {@link GoldenHttpServer}'s answer for {@code path}. The {@code Date} header is the one
     * value the generator does not know in advance: it must be a date of the exchange, to the second.
     */
    private static void assertExchange(Object decoded, String path, long startedAtMillis, long durationNanos) {
        Map<?, ?> exchange = assertInstanceOf(Map.class, decoded, "the exchange as data");
        assertEquals(
                List.of("request", "status", "version", "headers", "body"),
                new ArrayList<>(exchange.keySet()),
                "the exchange's fields, in order");
        assertEquals(request(path), exchange.get("request"));
        assertEquals(GoldenHttpServer.STATUS, exchange.get("status"));
        assertEquals("HTTP_1_1", exchange.get("version"), "the generator's clients speak HTTP/1.1");
        byte[] body = Answers.http(path).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, assertInstanceOf(byte[].class, exchange.get("body")), "the body's bytes");

        Map<String, Object> headers = new TreeMap<>();
        assertInstanceOf(Map.class, exchange.get("headers"), "the headers")
                .forEach((name, values) -> headers.put(((String) name).toLowerCase(Locale.ROOT), values));
        assertEquals(List.of("content-length", "content-type", "date"), new ArrayList<>(headers.keySet()), path);
        assertEquals(List.of(String.valueOf(body.length)), headers.get("content-length"));
        assertEquals(List.of(GoldenHttpServer.CONTENT_TYPE), headers.get("content-type"));
        List<?> date = assertInstanceOf(List.class, headers.get("date"));
        assertEquals(1, date.size(), "one Date header: " + date);
        Instant sent = ZonedDateTime.parse((String) date.get(0), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        Instant started = Instant.ofEpochMilli(startedAtMillis);
        assertTrue(
                !sent.isBefore(started.truncatedTo(ChronoUnit.SECONDS))
                        && !sent.isAfter(started.plusNanos(durationNanos)),
                "the server's Date " + sent + " is within the exchange, started " + started + " for " + durationNanos
                        + " ns");
    }
}
