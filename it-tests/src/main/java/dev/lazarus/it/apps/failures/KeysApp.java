package dev.lazarus.it.apps.failures;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Ledger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Explicit execution keys: {@code pay(orderId, cents)} is identified by the order id alone.
 *
 * <p>{@code KeysApp round1}: pays {@code order-ok} (500), {@code order-declined} (-1, declined), and
 * {@code join-1} (700) from two threads at once, the second while the first is still running.
 * {@code KeysApp round2} (a later process): pays the same orders again, and {@code order-ok} once more
 * with another amount. Each call prints {@code OUTCOME <label> value <result>} or
 * {@code OUTCOME <label> threw <class>: <message>}.
 */
public class KeysApp {
    private final Payments payments;

    public KeysApp(Ledger ledger) {
        payments = new Payments(ledger);
    }

    @Durable
    public String pay(@ExecutionKey String orderId, int cents) throws DeclinedException {
        return payments.charge(orderId, cents);
    }

    public static void main(String[] args) throws Exception {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        KeysApp app = new KeysApp(Ledger.fromSystemProperty());
        String round = args[0];
        System.out.println("OUTCOME ok " + outcome(() -> app.pay("order-ok", 500)));
        System.out.println("OUTCOME declined " + outcome(() -> app.pay("order-declined", -1)));
        if (round.equals("round1")) {
            AtomicReference<String> first = new AtomicReference<>();
            AtomicReference<String> second = new AtomicReference<>();
            Thread a = new Thread(() -> first.set(outcome(() -> app.pay("join-1", 700))), "payer-1");
            a.start();
            if (!Payments.ENTERED.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first payer never started");
            }
            Thread b = new Thread(() -> second.set(outcome(() -> app.pay("join-1", 700))), "payer-2");
            b.start();
            Thread.sleep(500); // let the second caller find the first one running, then let the first finish
            Payments.RELEASE.countDown();
            a.join();
            b.join();
            System.out.println("OUTCOME join-first " + first.get());
            System.out.println("OUTCOME join-second " + second.get());
        } else {
            Payments.RELEASE.countDown();
            System.out.println("OUTCOME join-again " + outcome(() -> app.pay("join-1", 700)));
            System.out.println("OUTCOME ok-other-amount " + outcome(() -> app.pay("order-ok", 999)));
        }
        System.out.println("END");
    }

    interface Call {
        String run() throws Exception;
    }

    private static String outcome(Call call) {
        try {
            return "value " + call.run();
        } catch (Exception e) {
            return "threw " + e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
