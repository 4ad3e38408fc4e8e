package dev.lazarus.it.apps.golden;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The durable methods whose journals are committed as golden journals. Static methods; the outside world
 * ({@link GoldenServices}, {@link GoldenChild}) is in static fields, so every call on it is journaled. Between
 * them they write every kind of journal record and the common kinds of values. The helpers at the end are
 * methods of this class, hence part of the durable bodies (recomputed, never journaled), and public for the
 * tests to compute what the bodies return.
 */
public final class GoldenFlows {
    static final GoldenServices SERVICES = new GoldenServices();
    static final GoldenChild CHILD = new GoldenChild(SERVICES);

    /** The key whose {@link #story} runs the changed code (read by the body, set by the application). */
    static volatile String newCodeFor = "";
    /** The key whose {@link #fragile} fails (read by the body, set by the application). */
    static volatile String failFor = "";

    private GoldenFlows() {}

    /**
     * One journaled call per kind of value, a {@code patched} marker and a durable timer; the key is a digest
     * of the argument (no {@code @ExecutionKey}), and the durable name is the default one.
     */
    @Durable
    public static String values(String label) {
        Quote quote = SERVICES.quote(label);
        String text = SERVICES.text(label);
        int count = SERVICES.count(label);
        long total = SERVICES.total(label);
        double ratio = SERVICES.ratio(label);
        List<String> list = SERVICES.list(label);
        Set<String> set = SERVICES.set(label);
        Map<String, Integer> map = SERVICES.map(label);
        byte[] bytes = SERVICES.bytes(label);
        String nothing = SERVICES.nothing(label);
        UUID uuid = SERVICES.uuid(label);
        Instant instant = SERVICES.instant(label);
        Tier tier = SERVICES.tier(label);
        boolean patched = Lazarus.patched(GoldenInputs.PATCH);
        Lazarus.sleep(Duration.ofMillis(GoldenInputs.SLEEP_MILLIS));
        return valuesSummary(
                quote, text, count, total, ratio, list, set, map, bytes, nothing, uuid, instant, tier, patched);
    }

    /** A call that throws (caught by the body) and a call that fails once and succeeds when retried. */
    @Durable(name = "golden.failures")
    public static String failures(@ExecutionKey String key) {
        String refused;
        try {
            refused = SERVICES.refuse(key);
        } catch (IllegalStateException e) {
            refused = e.getMessage();
        }
        return joined(refused, SERVICES.flaky(key));
    }

    /** A child execution between two journaled calls. */
    @Durable(name = "golden.family")
    public static String family(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        String shipment = CHILD.shipment(key);
        return joined(text, shipment, SERVICES.tier(key));
    }

    /** Sends itself an event and waits for it: the event is sent, the wait starts and consumes it. */
    @Durable(name = "golden.events")
    public static String events(@ExecutionKey String key) {
        Lazarus.sendEvent(GoldenInputs.NOTE_EVENT, key, note(key));
        Optional<Note> got = Lazarus.awaitEvent(
                GoldenInputs.NOTE_EVENT, key, Note.class, Duration.ofDays(GoldenInputs.NOTE_TIMEOUT_DAYS));
        return got.map(Note::toString).orElse("no note");
    }

    /** One journaled call, then the body throws: a FAILED execution. */
    @Durable(name = "golden.failing")
    public static String failing(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        throw new GoldenFailure(failingMessage(key, text));
    }

    /** A record, a durable timer, a list, an instant and a map. */
    @Durable(name = "golden.steps")
    public static String steps(@ExecutionKey String key) {
        Quote quote = SERVICES.quote(key);
        Lazarus.sleep(Duration.ofMillis(GoldenInputs.SLEEP_MILLIS));
        List<String> list = SERVICES.list(key);
        Instant instant = SERVICES.instant(key);
        Map<String, Integer> map = SERVICES.map(key);
        return joined(quote, list, instant, map);
    }

    /** A journaled call, a call retried after its first attempt failed, another call. */
    @Durable(name = "golden.retrying")
    public static String retrying(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        String flaky = SERVICES.flaky(key);
        return joined(text, flaky, SERVICES.count(key));
    }

    /** A journaled call, a wait for an approval that may take a century, another call. */
    @Durable(name = "golden.waiting")
    public static String waiting(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        Optional<Note> approval = Lazarus.awaitEvent(
                GoldenInputs.APPROVAL_EVENT, key, Note.class, Duration.ofDays(GoldenInputs.APPROVAL_TIMEOUT_DAYS));
        return joined(text, approval.map(Note::toString).orElse("no approval"), SERVICES.tier(key));
    }

    /** The same shape as {@link #family}, under its own name: the generator stops it inside its child. */
    @Durable(name = "golden.parent")
    public static String parent(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        String shipment = CHILD.shipment(key);
        return joined(text, shipment, SERVICES.tier(key));
    }

    /** Three calls; with {@link #newCodeFor} its key, the second is another callee: code that changed. */
    @Durable(name = "golden.story")
    public static String story(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        String second = key.equals(newCodeFor)
                ? SERVICES.label(key)
                : SERVICES.tier(key).name();
        return joined(text, second, SERVICES.count(key));
    }

    /** Two calls; with {@link #failFor} its key, the body throws between them. */
    @Durable(name = "golden.fragile")
    public static String fragile(@ExecutionKey String key) {
        String text = SERVICES.text(key);
        if (key.equals(failFor)) {
            throw new GoldenFailure(failingMessage(key, text));
        }
        return joined(text, SERVICES.count(key));
    }

    // ---- helpers of the bodies

    /** @return what {@link #values} returns for these values */
    public static String valuesSummary(
            Quote quote,
            String text,
            int count,
            long total,
            double ratio,
            List<String> list,
            Set<String> set,
            Map<String, Integer> map,
            byte[] bytes,
            String nothing,
            UUID uuid,
            Instant instant,
            Tier tier,
            boolean patched) {
        return joined(
                quote,
                text,
                count,
                total,
                ratio,
                list,
                set,
                map,
                Arrays.toString(bytes),
                nothing,
                uuid,
                instant,
                tier,
                "patched=" + patched);
    }

    /** @return what most bodies return: their values' texts, joined by {@code " | "} */
    public static String joined(Object... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : " | ").append(values[i]);
        }
        return sb.toString();
    }

    /** @return the note {@link #events} sends itself */
    public static Note note(String key) {
        return new Note("note for " + key, false);
    }

    /** @return the approval the application sends a {@link #waiting} execution */
    public static Note approval(String key) {
        return new Note("approved " + key, true);
    }

    /** @return the message of the exception {@link #failing} and {@link #fragile} throw */
    public static String failingMessage(String key, String text) {
        return "gave up on " + key + " after " + text;
    }
}
