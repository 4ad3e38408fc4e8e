package dev.lazarus.it.apps.waits;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import dev.lazarus.it.apps.support.StepService;
import java.time.Duration;
import java.util.Optional;

/**
 * The durable bodies of the waiting scenarios. All are static methods with an explicit
 * {@link ExecutionKey}, so a restarted process resumes them by itself ({@code recover=auto}) as soon as
 * this class is initialised. Their services are in static fields, so every call on them is journaled:
 * {@link StepService} ({@code step <key>/<k>} ledger lines, values that differ per process and call),
 * {@link Publisher} (the last call), {@link Receiver} and {@link Gate} ({@code AT gate:<point>} on
 * stdout, printed only when the call runs live, i.e. not on replay).
 */
public final class WaitFlows {
    static final Ledger LEDGER = Ledger.fromSystemProperty();
    static final StepService STEPS = new StepService(LEDGER);
    static final Publisher PUBLISHER = new Publisher(LEDGER);
    static final Receiver RECEIVER = new Receiver(LEDGER);
    static final Gate GATE = new Gate();

    private WaitFlows() {}

    /** Initialises this class, which starts the recovery of its unfinished executions. */
    public static void init() {
        // the static initialiser above is the point
    }

    /**
     * Two outside calls, then a wait of up to {@code timeoutMs} for the {@code approval} event keyed by
     * {@code key}, then one more call and the publish line {@code <step1>,<step2>,<outcome>,<step3>},
     * where the outcome is {@code approved:<comment>}, {@code rejected:<comment>} or {@code timeout}.
     */
    @Durable
    public static String approval(@ExecutionKey String key, long timeoutMs) {
        String a = STEPS.step(key, 1);
        String b = STEPS.step(key, 2);
        GATE.pass("waiting:" + key);
        Optional<Approval> decision = Lazarus.awaitEvent("approval", key, Approval.class, Duration.ofMillis(timeoutMs));
        String outcome = decision.map(d -> (d.approved() ? "approved:" : "rejected:") + d.comment())
                .orElse("timeout");
        String c = STEPS.step(key, 3);
        String result = a + "," + b + "," + outcome + "," + c;
        PUBLISHER.publish(key, result);
        return result;
    }

    /**
     * Waits up to {@code timeoutMs} for the String event {@code (name, eventKey)} and reports it (or
     * {@code timeout}) as {@code received <id> -> <payload>}.
     */
    @Durable
    public static String waiter(@ExecutionKey String id, String name, String eventKey, long timeoutMs) {
        GATE.pass("waiting:" + id);
        Optional<String> got = Lazarus.awaitEvent(name, eventKey, String.class, Duration.ofMillis(timeoutMs));
        return RECEIVER.receive(id, got.orElse("timeout"));
    }

    /**
     * One outside call, a durable timer of {@code millis} ({@code kind}: {@code await} = an
     * {@code awaitEvent} nobody answers, {@code lazarus-sleep} = {@code Lazarus.sleep},
     * {@code thread-sleep} = {@code Thread.sleep}), another call, and the publish line.
     */
    @Durable
    public static String timer(@ExecutionKey String key, String kind, long millis) throws InterruptedException {
        String a = STEPS.step(key, 1);
        GATE.pass("timer:" + key);
        if (kind.equals("await")) {
            Lazarus.awaitEvent("never", key, String.class, Duration.ofMillis(millis));
        } else if (kind.equals("lazarus-sleep")) {
            Lazarus.sleep(Duration.ofMillis(millis));
        } else if (kind.equals("thread-sleep")) {
            Thread.sleep(millis);
        } else {
            throw new IllegalArgumentException("kind " + kind);
        }
        String b = STEPS.step(key, 2);
        String result = a + "," + b;
        PUBLISHER.publish(key, result);
        return result;
    }

    /**
     * Sends the String event {@code ("ping", key)} from inside an execution, carrying the value of its
     * first outside call (which names the process that made it), then makes a second call (the kill
     * point {@code step:<key>:2}) and publishes.
     */
    @Durable
    public static String sender(@ExecutionKey String key) {
        String token = STEPS.step(key, 1);
        Lazarus.sendEvent("ping", key, "ping " + token);
        String b = STEPS.step(key, 2);
        String result = token + "," + b;
        PUBLISHER.publish(key, result);
        return result;
    }

    /**
     * Waits for {@code ("ping", key)} twice: up to {@code firstMs}, then up to {@code secondMs}; reports
     * both ({@code received <key> -> <first>|<second>}). One event sent once gives
     * {@code <payload>|timeout}.
     */
    @Durable
    public static String receiver(@ExecutionKey String key, long firstMs, long secondMs) {
        Optional<String> first = Lazarus.awaitEvent("ping", key, String.class, Duration.ofMillis(firstMs));
        Optional<String> second = Lazarus.awaitEvent("ping", key, String.class, Duration.ofMillis(secondMs));
        return RECEIVER.receive(key, first.orElse("timeout") + "|" + second.orElse("timeout"));
    }

    /** The event names and payload types {@link #types} waits for, in order. */
    public static final String[] TYPE_EVENTS = {
        "t-string", "t-int", "t-long", "t-double", "t-bool", "t-enum", "t-record", "t-pojo", "t-list", "t-map"
    };

    /**
     * Waits in turn for one event of each payload type (names in {@link #TYPE_EVENTS}, all keyed by
     * {@code key}), then reports them as {@code received <key> -> <value>:<class>|...}.
     */
    @Durable
    public static String types(@ExecutionKey String key) {
        Class<?>[] types = {
            String.class,
            Integer.class,
            Long.class,
            Double.class,
            Boolean.class,
            Color.class,
            Review.class,
            Note.class,
            java.util.List.class,
            java.util.Map.class
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            GATE.pass("waiting:" + TYPE_EVENTS[i]);
            Optional<?> v = Lazarus.awaitEvent(TYPE_EVENTS[i], key, types[i], Duration.ofSeconds(60));
            if (i > 0) {
                sb.append('|');
            }
            sb.append(v.map(x -> x + ":" + x.getClass().getSimpleName()).orElse("timeout"));
        }
        return RECEIVER.receive(key, sb.toString());
    }
}
