package dev.lazarus.it.apps.golden;

import static dev.lazarus.it.apps.golden.GoldenInputs.haltPoint;

import dev.lazarus.Lazarus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Writes the golden journals (under the agent of the version whose format they pin) and resumes them.
 * {@code GoldenApp MODE}, the ledger in {@code -Dit.ledger}; prints {@code RESULT <flow>:<key> <value>} or
 * {@code THREW <flow>:<key> <class>: <message>} per durable call. Modes:
 * <ul>
 *   <li>{@code basics-record}: runs the finished flows ({@link GoldenFlows#values}, {@code failures},
 *       {@code family}, {@code events}, {@code failing}, and {@code failures} again), then starts the
 *       unfinished ones ({@code steps}, {@code retrying}, {@code parent}, {@code waiting}) one at a time, each
 *       on its own thread, lets each run to its {@link HaltPoints halt point} (or into its wait), and halts
 *       the JVM with {@link Runtime#halt}: a crash at known points;</li>
 *   <li>{@code basics-uncrashed}: the same flows, never stopped (the waiting flow gets its approval first):
 *       what the unfinished flows return when nothing crashes;</li>
 *   <li>{@code basics-resume}: on a copy of the golden journal, calls the flows with explicit keys again (the
 *       finished ones answer from the journal) after sending the approval: the unfinished ones resume;</li>
 *   <li>{@code history-first}: a {@code fragile} execution that fails, then {@code steps}, {@code story} and
 *       {@code waiting} stopped and the JVM halted; {@code history-second} (after the command line sent a
 *       {@code retry} and an event): resumes all four with the {@code story} code changed, so that one
 *       diverges;</li>
 *   <li>{@code effects-record} (format v2): starts a {@link GoldenHttpServer} in this JVM, runs
 *       {@link GoldenEffects#fetch} for {@link GoldenInputs#FETCHED}, then for {@link GoldenInputs#FETCH_HALTED}
 *       until its second reading has made its first exchange, and halts the JVM;
 *       {@code effects-uncrashed PORT} and {@code effects-resume PORT} (the latter on a copy of the golden
 *       journal): both fetches with the server at {@code PORT} of 127.0.0.1, started by the test;</li>
 *   <li>{@code branches-record} (format v2): runs {@link GoldenBranches#research} for
 *       {@link GoldenInputs#BRANCHED}, then for {@link GoldenInputs#BRANCH_HALTED} until the branch of its
 *       {@code thenApply} is in its {@code refine} call (the four lookups and the digest, in branches of their
 *       own, have returned and are journaled), and halts the JVM; {@code branches-uncrashed} and
 *       {@code branches-resume} (the latter on a copy of the golden journal): both researches;</li>
 *   <li>{@code basics-upgrade}: on a copy of the {@code v1} journal {@code basics}, resumes {@code steps},
 *       {@code retrying} and {@code parent} and leaves {@code waiting} waiting for its approval (a first start
 *       of a newer agent on an older journal; {@code basics-resume} is then the second);</li>
 *   <li>{@code lifecycle-first} (format v3): runs {@link GoldenFlows#family} for {@link GoldenInputs#L_ERASED}
 *       and {@link GoldenFlows#failures} for {@link GoldenInputs#L_EXPIRED}, then stops {@code steps} in its
 *       {@code instant} call, {@link GoldenLifecycle#crunch} in its own code and {@code waiting} in its wait, and
 *       halts the JVM; {@code lifecycle-second}: does nothing, so its agent's start-up (which journals the crash
 *       the halted process's activity board attributes to {@code crunch}) and a graceful exit are all it adds;
 *       {@code lifecycle-compact}: does nothing until it is stopped, while its agent compacts in the background;
 *       {@code lifecycle-uncrashed} and {@code lifecycle-resume} (the latter on a copy of the golden journal):
 *       {@code steps}, {@code crunch}, then the approval and {@code waiting}.</li>
 * </ul>
 */
public final class GoldenApp {
    private GoldenApp() {}

    /** @param args the mode */
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "basics-record" -> {
                finishedFlows(true);
                stopAt(() -> GoldenFlows.steps(GoldenInputs.STEPS), haltPoint("instant", GoldenInputs.STEPS));
                stopAt(
                        () -> GoldenFlows.retrying(GoldenInputs.RETRYING),
                        haltPoint("flaky", GoldenInputs.RETRYING + ":2"));
                stopAt(() -> GoldenFlows.parent(GoldenInputs.PARENT), haltPoint("count", GoldenInputs.PARENT));
                stopWaiting(() -> GoldenFlows.waiting(GoldenInputs.WAITING));
                halt();
            }
            case "basics-uncrashed" -> {
                finishedFlows(true);
                unfinishedFlows();
            }
            case "basics-resume" -> {
                finishedFlows(false);
                unfinishedFlows();
            }
            case "history-first" -> {
                GoldenFlows.failFor = GoldenInputs.H_RETRIED;
                call("fragile", GoldenInputs.H_RETRIED, GoldenFlows::fragile);
                stopAt(() -> GoldenFlows.steps(GoldenInputs.H_RESUMED), haltPoint("instant", GoldenInputs.H_RESUMED));
                stopAt(() -> GoldenFlows.story(GoldenInputs.H_DIVERGED), haltPoint("count", GoldenInputs.H_DIVERGED));
                stopWaiting(() -> GoldenFlows.waiting(GoldenInputs.H_EVENT));
                halt();
            }
            case "history-second" -> {
                GoldenFlows.newCodeFor = GoldenInputs.H_DIVERGED;
                call("steps", GoldenInputs.H_RESUMED, GoldenFlows::steps);
                call("story", GoldenInputs.H_DIVERGED, GoldenFlows::story);
                call("fragile", GoldenInputs.H_RETRIED, GoldenFlows::fragile);
                call("waiting", GoldenInputs.H_EVENT, GoldenFlows::waiting);
            }
            case "effects-record" -> {
                GoldenHttpServer server = GoldenHttpServer.start(ledger());
                GoldenEffects effects = new GoldenEffects(server.address());
                call("fetch", GoldenInputs.FETCHED, fetch(effects));
                stopAt(
                        () -> fetch(effects).apply(GoldenInputs.FETCH_HALTED),
                        haltPoint("read", GoldenInputs.FETCH_HALTED + ":" + GoldenInputs.SECOND_READING));
                halt();
            }
            case "effects-uncrashed", "effects-resume" -> {
                GoldenEffects effects = new GoldenEffects(
                        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[1])));
                call("fetch", GoldenInputs.FETCHED, fetch(effects));
                call("fetch", GoldenInputs.FETCH_HALTED, fetch(effects));
            }
            case "branches-record" -> {
                GoldenBranches branches = new GoldenBranches();
                call("research", GoldenInputs.BRANCHED, research(branches));
                stopAt(
                        () -> research(branches).apply(GoldenInputs.BRANCH_HALTED),
                        haltPoint("refine", GoldenInputs.BRANCH_HALTED));
                halt();
            }
            case "branches-uncrashed", "branches-resume" -> {
                GoldenBranches branches = new GoldenBranches();
                call("research", GoldenInputs.BRANCHED, research(branches));
                call("research", GoldenInputs.BRANCH_HALTED, research(branches));
            }
            case "basics-upgrade" -> {
                call("steps", GoldenInputs.STEPS, GoldenFlows::steps);
                call("retrying", GoldenInputs.RETRYING, GoldenFlows::retrying);
                call("parent", GoldenInputs.PARENT, GoldenFlows::parent);
            }
            case "lifecycle-first" -> {
                call("family", GoldenInputs.L_ERASED, GoldenFlows::family);
                call("failures", GoldenInputs.L_EXPIRED, GoldenFlows::failures);
                stopAt(() -> GoldenFlows.steps(GoldenInputs.L_STEPS), haltPoint("instant", GoldenInputs.L_STEPS));
                stopAt(
                        () -> GoldenLifecycle.crunch(GoldenInputs.L_CRASHED),
                        haltPoint("crunch", GoldenInputs.L_CRASHED));
                stopWaiting(() -> GoldenFlows.waiting(GoldenInputs.L_WAITING));
                halt();
            }
            case "lifecycle-second" -> System.out.println("STARTED"); // the agent journaled the crash before main
            case "lifecycle-compact" -> {
                System.out.println("STARTED"); // the agent compacts in the background until the process is stopped
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "lifecycle-uncrashed", "lifecycle-resume" -> {
                call("steps", GoldenInputs.L_STEPS, GoldenFlows::steps);
                call("crunch", GoldenInputs.L_CRASHED, GoldenLifecycle::crunch);
                Lazarus.sendEvent(
                        GoldenInputs.APPROVAL_EVENT,
                        GoldenInputs.L_WAITING,
                        GoldenFlows.approval(GoldenInputs.L_WAITING));
                call("waiting", GoldenInputs.L_WAITING, GoldenFlows::waiting);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** @param withImplicitKey whether to run {@link GoldenFlows#values}, which runs anew whenever it is called */
    private static void finishedFlows(boolean withImplicitKey) {
        if (withImplicitKey) {
            call("values", GoldenInputs.VALUES_LABEL, GoldenFlows::values);
        }
        call("failures", GoldenInputs.FAILURES, GoldenFlows::failures);
        call("family", GoldenInputs.FAMILY, GoldenFlows::family);
        call("events", GoldenInputs.EVENTS, GoldenFlows::events);
        call("failing", GoldenInputs.FAILING, GoldenFlows::failing);
        call("failures", GoldenInputs.FAILURES, GoldenFlows::failures); // an explicit key: answered, not run
    }

    private static void unfinishedFlows() {
        call("steps", GoldenInputs.STEPS, GoldenFlows::steps);
        call("retrying", GoldenInputs.RETRYING, GoldenFlows::retrying);
        call("parent", GoldenInputs.PARENT, GoldenFlows::parent);
        Lazarus.sendEvent(
                GoldenInputs.APPROVAL_EVENT, GoldenInputs.WAITING, GoldenFlows.approval(GoldenInputs.WAITING));
        call("waiting", GoldenInputs.WAITING, GoldenFlows::waiting);
    }

    /** {@link GoldenEffects#fetch}, its checked exceptions wrapped (an execution that threw one is a bug here). */
    private static Function<String, String> fetch(GoldenEffects effects) {
        return key -> {
            try {
                return effects.fetch(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    /** {@link GoldenBranches#research}, its checked exceptions wrapped (an execution that threw one is a bug here). */
    private static Function<String, String> research(GoldenBranches branches) {
        return key -> {
            try {
                return branches.research(key);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    private static Path ledger() {
        return Paths.get(System.getProperty("it.ledger"));
    }

    private static void call(String flow, String key, Function<String, String> body) {
        try {
            System.out.println("RESULT " + flow + ":" + key + " " + body.apply(key));
        } catch (RuntimeException e) {
            System.out.println("THREW " + flow + ":" + key + " " + e.getClass().getName() + ": " + e.getMessage());
        }
        System.out.flush();
    }

    /** Starts {@code body} on a thread of its own and returns once it is parked at {@code point}. */
    private static void stopAt(Runnable body, String point) throws InterruptedException {
        HaltPoints.arm(point);
        start(body);
        HaltPoints.awaitReached(point);
        System.out.println("STOPPED at " + point);
    }

    /**
     * Starts {@code body} and returns once its thread is parked inside {@code Lazarus.awaitEvent}. The wait's
     * record is appended before the thread parks, by the thread itself (in the default durability every other
     * execution is stopped, so no other thread holds the journal's write), hence written once it is parked.
     */
    private static void stopWaiting(Runnable body) throws InterruptedException {
        Thread t = start(body);
        int parkedInARow = 0;
        while (parkedInARow < 5) {
            Thread.State state = t.getState();
            boolean inAwait = Arrays.stream(t.getStackTrace())
                    .anyMatch(f -> f.getClassName().equals(Lazarus.class.getName())
                            && f.getMethodName().equals("awaitEvent"));
            parkedInARow = inAwait && (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                    ? parkedInARow + 1
                    : 0;
            Thread.sleep(20);
        }
        System.out.println("STOPPED waiting in " + t.getName());
    }

    private static Thread start(Runnable body) {
        Thread t = new Thread(body, "golden-" + System.nanoTime());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void halt() {
        System.out.println("HALTING");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
