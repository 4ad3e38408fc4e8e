package dev.lazarus.it.apps.failures;

import dev.lazarus.Durable;
import dev.lazarus.Lazarus;
import dev.lazarus.Retry;
import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import dev.lazarus.it.apps.support.StepService;

/**
 * Durable methods whose outside calls fail: retried callees, {@code abortOn}/{@code retryOn},
 * a durable method's {@code @Retry} as the default of its calls, attempts that run out, long back-offs,
 * a call killed after its side effect, and the {@code retry=} agent option.
 *
 * <p>{@code RetryApp MODE KEY} calls the durable method of that mode and prints {@code RESULT <result>}
 * (or {@code THREW <class>: <message>}); mode {@code policies} runs three executions and prints
 * {@code OUTCOME <name> <result>} for each. The bodies catch their callees' exceptions where the test wants
 * to see what the body was given, and describe them as {@code <class>: <message>}.
 */
public class RetryApp {
    private final RetryServices services;
    private final ClassRetried classRetried;
    private final PlainApi plain;
    private final ThirdPartyApi thirdParty;
    private final Charges charges;
    private final StepService steps;
    private final Gate gate = new Gate();
    private final Publisher publisher;

    public RetryApp(Ledger ledger) {
        services = new RetryServices(ledger);
        classRetried = new ClassRetried(ledger);
        plain = new PlainApi(ledger);
        thirdParty = new ThirdPartyApi(ledger);
        charges = new Charges(ledger);
        steps = new StepService(ledger);
        publisher = new Publisher(ledger);
    }

    /** The callee fails twice, then succeeds: three attempts, one step key. */
    @Durable
    public String flaky(String key) {
        String r = services.flaky(key, 2);
        publisher.publish(key, r);
        return "execution=" + Lazarus.executionId() + " value=" + r;
    }

    /** The callee throws an exception in its {@code abortOn}: one attempt. */
    @Durable
    public String abortOn(String key) {
        try {
            return "returned " + services.fatal(key);
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    /** {@code retryOn = TransientException}: a subclass of it is retried, an unrelated exception is not. */
    @Durable
    public String retryOn(String key) {
        String picky;
        try {
            picky = "returned " + services.picky(key + "-picky");
        } catch (RuntimeException e) {
            picky = describe(e);
        }
        String unlisted;
        try {
            unlisted = "returned " + services.unlisted(key + "-unlisted");
        } catch (RuntimeException e) {
            unlisted = describe(e);
        }
        return picky + " | " + unlisted;
    }

    /**
     * {@code @Retry} on the durable method is the default of its calls: the unannotated callee gets 2
     * attempts; a callee with its own (class) {@code @Retry} keeps its 4.
     */
    @Durable
    @Retry(maxAttempts = 2, initialDelay = "50ms")
    public String durableDefault(String key) {
        String p = plain.call(key + "-plain", 1);
        String c = classRetried.call(key + "-class", 3);
        return p + " | " + c;
    }

    /** Every attempt fails: the body gets the last exception; killable after it at {@code gate:after-broken:KEY}. */
    @Durable
    public String exhausted(String key) {
        String caught;
        try {
            caught = "returned " + services.broken(key);
        } catch (TransientException e) {
            caught = describe(e);
        }
        gate.pass("after-broken:" + key);
        publisher.publish(key, caught);
        return caught;
    }

    /**
     * A callee that fails every attempt, with 3 s back-offs: the body gets the third attempt's exception
     * (a fourth attempt would show that a restart started the attempts over).
     */
    @Durable
    public String backoff(String key) {
        String r;
        try {
            r = "returned " + services.slow(key, Integer.MAX_VALUE);
        } catch (TransientException e) {
            r = describe(e);
        }
        publisher.publish(key, r);
        return r;
    }

    /** A call with a side effect, killable while in flight at {@code charged:KEY}; then one more step. */
    @Durable
    public String inflight(String key) {
        String receipt = charges.charge(key);
        String next = steps.step(key, 2);
        String result = receipt + "," + next;
        publisher.publish(key, result);
        return result;
    }

    /**
     * No annotations: {@code ThirdPartyApi#call} is retried by the agent option {@code retry=}; its
     * {@code other} method and {@link PlainApi} are not.
     */
    @Durable
    public String override(String key) {
        String third;
        try {
            third = "returned " + thirdParty.call(key + "-third", 3);
        } catch (RuntimeException e) {
            third = describe(e);
        }
        String other;
        try {
            other = "returned " + thirdParty.other(key + "-other", 1);
        } catch (RuntimeException e) {
            other = describe(e);
        }
        String p;
        try {
            p = "returned " + plain.call(key + "-plain", 1);
        } catch (RuntimeException e) {
            p = describe(e);
        }
        return third + " | " + other + " | " + p;
    }

    private static String describe(Throwable t) {
        return "threw " + t.getClass().getName() + ": " + t.getMessage();
    }

    public static void main(String[] args) {
        String mode = args[0];
        String key = args[1];
        System.out.println("START pid=" + ProcessHandle.current().pid() + " t=" + System.currentTimeMillis());
        RetryApp app = new RetryApp(Ledger.fromSystemProperty());
        switch (mode) {
            case "policies" -> {
                print("OUTCOME abortOn ", () -> app.abortOn(key + "-abort"));
                print("OUTCOME retryOn ", () -> app.retryOn(key));
                print("OUTCOME default ", () -> app.durableDefault(key + "-default"));
            }
            case "flaky" -> print("RESULT ", () -> app.flaky(key));
            case "exhausted" -> print("RESULT ", () -> app.exhausted(key));
            case "backoff" -> print("RESULT ", () -> app.backoff(key));
            case "inflight" -> print("RESULT ", () -> app.inflight(key));
            case "override" -> print("RESULT ", () -> app.override(key));
            default -> throw new IllegalArgumentException("mode " + mode);
        }
        System.out.println("END t=" + System.currentTimeMillis());
    }

    private static void print(String prefix, java.util.function.Supplier<String> call) {
        String line;
        try {
            line = call.get();
        } catch (RuntimeException e) {
            line = "THREW " + e.getClass().getName() + ": " + e.getMessage();
        }
        System.out.println(prefix + line);
        System.out.flush();
    }
}
