package dev.lazarus.it.apps.poison;

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
 * Executions that spend their life outside their own code, across many restarts: waiting for an event, sleeping,
 * or in a slow call. None of them is poison, however often the process is stopped or killed meanwhile. Static
 * methods with explicit keys: a restarted process resumes them as soon as this class is initialised.
 *
 * <p>{@link Gate#reach} is a static helper of the application, so the body runs it as its own code, in every run
 * (replays included): it prints {@code AT <point>} just before the wait, each time a process gets there.
 */
public final class LongWaits {
    static final Ledger LEDGER = Ledger.fromSystemProperty();
    static final StepService STEPS = new StepService(LEDGER);
    static final Publisher PUBLISHER = new Publisher(LEDGER);
    static final SlowService SLOW = new SlowService(LEDGER);

    private LongWaits() {}

    /** One call, then a wait of up to a week for the String event {@code ("decision", key)}, then the publish line. */
    @Durable
    public static String approval(@ExecutionKey String key) {
        String a = STEPS.step(key, 1);
        Gate.reach("awaiting:" + key);
        Optional<String> decision = Lazarus.awaitEvent("decision", key, String.class, Duration.ofDays(7));
        String result = a + "," + decision.orElse("timeout");
        PUBLISHER.publish(key, result);
        return result;
    }

    /** One call, a durable timer of {@code millis}, another call, then the publish line. */
    @Durable
    public static String nap(@ExecutionKey String key, long millis) {
        String a = STEPS.step(key, 1);
        Gate.reach("sleeping:" + key);
        Lazarus.sleep(Duration.ofMillis(millis));
        String b = STEPS.step(key, 2);
        String result = a + "," + b;
        PUBLISHER.publish(key, result);
        return result;
    }

    /** One slow call ({@link SlowService#fetch}), then the publish line. */
    @Durable
    public static String slowCall(@ExecutionKey String key, long millis) throws InterruptedException {
        String r = SLOW.fetch(key, millis);
        PUBLISHER.publish(key, r);
        return r;
    }

    /** An outside service whose call takes a while. */
    public static final class SlowService {
        private final Ledger ledger;

        public SlowService(Ledger ledger) {
            this.ledger = ledger;
        }

        /**
         * Writes {@code slow <key> -> <pid>} (the effect, once per real call), prints {@code AT in-call:<key>}, then
         * takes {@code millis} to answer.
         */
        public String fetch(String key, long millis) throws InterruptedException {
            long pid = ProcessHandle.current().pid();
            ledger.append("slow", key, "pid " + pid);
            Gate.reach("in-call:" + key);
            Thread.sleep(millis);
            return "fetched@" + pid;
        }
    }
}
