package dev.lazarus.it.apps.waits;

import dev.lazarus.Lazarus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child JVM of the waiting scenarios. {@code WaitApp MODE ARGS...}; prints {@code START pid=<pid>}
 * first and {@code RESULT <value>} when the durable call it makes returns.
 *
 * <ul>
 *   <li>{@code approval KEY TIMEOUT_MS}: {@link WaitFlows#approval};</li>
 *   <li>{@code timer KEY KIND MILLIS}: {@link WaitFlows#timer};</li>
 *   <li>{@code sender KEY}: {@link WaitFlows#sender};</li>
 *   <li>{@code types KEY}: {@link WaitFlows#types};</li>
 *   <li>{@code outside KEY TIMEOUT_MS}: {@code Lazarus.awaitEvent("note", KEY, String.class, ...)} on the main
 *       thread, outside any execution; prints the payload (or {@code timeout}), then passes the kill point
 *       {@code after-outside:KEY};</li>
 *   <li>{@code await-publish KEY}: calls nothing; initialising {@link WaitFlows} lets recovery resume its
 *       executions; exits 0 once the ledger has the line {@code publish KEY ...} (exit 3 after 90 s);</li>
 *   <li>{@code await-publish-then-gate KEY}: as {@code await-publish KEY}, then passes the gate
 *       {@code published:KEY} (a test blocks there to look at the running application);</li>
 *   <li>{@code receive KEY}: {@link WaitFlows#receiver} (20 s, then 3 s), then as {@code await-publish KEY}
 *       (the restarted sender finishes by recovery);</li>
 *   <li>{@code other-thread ID DELAY_MS}: {@link WaitFlows#waiter} on the main thread; another thread sends
 *       the event {@code ("note", ID)} = {@code from-thread} after {@code DELAY_MS};</li>
 *   <li>{@code send-first ID}: sends {@code ("note", ID)} = {@code early} (outside any execution), then
 *       calls {@link WaitFlows#waiter} (20 s timeout) and prints {@code ELAPSED <ms>};</li>
 *   <li>{@code two-waiters KEY}: two threads call {@link WaitFlows#waiter} ({@code KEY-w1}, {@code KEY-w2})
 *       on the same event {@code ("note", KEY)}; 1.5 s later the main thread sends two events
 *       {@code p1} and {@code p2}.</li>
 * </ul>
 */
public final class WaitApp {
    private WaitApp() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        System.out.println("START pid=" + ProcessHandle.current().pid());
        System.out.flush();
        switch (mode) {
            case "approval":
                result(WaitFlows.approval(args[1], Long.parseLong(args[2])));
                break;
            case "timer":
                result(WaitFlows.timer(args[1], args[2], Long.parseLong(args[3])));
                break;
            case "outside": {
                // no execution: awaitEvent straight from main
                java.util.Optional<String> got =
                        Lazarus.awaitEvent("note", args[1], String.class, Duration.ofMillis(Long.parseLong(args[2])));
                result(got.orElse("timeout"));
                dev.lazarus.it.apps.support.Gate.reach("after-outside:" + args[1]);
                break;
            }
            case "types":
                result(WaitFlows.types(args[1]));
                break;
            case "sender":
                result(WaitFlows.sender(args[1]));
                break;
            case "await-publish":
                WaitFlows.init();
                awaitPublish(args[1]);
                break;
            case "await-publish-then-gate":
                WaitFlows.init();
                awaitPublish(args[1]);
                dev.lazarus.it.apps.support.Gate.reach("published:" + args[1]);
                break;
            case "receive":
                WaitFlows.init();
                result(WaitFlows.receiver(args[1], 20_000, 3_000));
                awaitPublish(args[1]);
                break;
            case "other-thread": {
                String id = args[1];
                long delay = Long.parseLong(args[2]);
                Thread sender = new Thread(
                        () -> {
                            try {
                                Thread.sleep(delay);
                            } catch (InterruptedException e) {
                                return;
                            }
                            Lazarus.sendEvent("note", id, "from-thread");
                            System.out.println(
                                    "SENT from " + Thread.currentThread().getName());
                        },
                        "event-sender");
                sender.start();
                result(WaitFlows.waiter(id, "note", id, 30_000));
                sender.join();
                break;
            }
            case "send-first": {
                String id = args[1];
                Lazarus.sendEvent("note", id, "early");
                System.out.println("SENT early");
                long t0 = System.nanoTime();
                String r = WaitFlows.waiter(id, "note", id, 20_000);
                System.out.println("ELAPSED " + (System.nanoTime() - t0) / 1_000_000);
                result(r);
                break;
            }
            case "two-waiters": {
                String key = args[1];
                AtomicReference<String> r1 = new AtomicReference<>();
                AtomicReference<String> r2 = new AtomicReference<>();
                Thread w1 = new Thread(() -> r1.set(WaitFlows.waiter(key + "-w1", "note", key, 30_000)), "w1");
                Thread w2 = new Thread(() -> r2.set(WaitFlows.waiter(key + "-w2", "note", key, 30_000)), "w2");
                w1.start();
                w2.start();
                Thread.sleep(1_500);
                Lazarus.sendEvent("note", key, "p1");
                Lazarus.sendEvent("note", key, "p2");
                System.out.println("SENT p1 p2");
                w1.join();
                w2.join();
                result("w1=" + r1.get() + " w2=" + r2.get());
                break;
            }
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
    }

    private static void result(String value) {
        System.out.println("RESULT " + value);
        System.out.flush();
    }

    private static void awaitPublish(String key) throws InterruptedException {
        String line = WaitFlows.LEDGER.await("publish " + key + " ", Duration.ofSeconds(90));
        if (line == null) {
            System.out.println("TIMEOUT waiting for the ledger's publish " + key + " line");
            System.exit(3);
        }
        System.out.println("SAW " + line);
    }
}
