package dev.lazarus.it.apps.failures;

import dev.lazarus.it.apps.support.Ledger;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A payment API: each real charge is a ledger line {@code pay <orderId> -> cents=<c> pid=<pid> n=<k>}.
 * A negative amount is declined (a checked exception). Orders whose id starts with {@code join-} hold
 * the call until the application releases it, so a second caller can arrive while the first runs.
 */
public class Payments {
    /** Counted down when a {@code join-} order's charge has started. */
    public static final CountDownLatch ENTERED = new CountDownLatch(1);
    /** The {@code join-} order's charge waits for this. */
    public static final CountDownLatch RELEASE = new CountDownLatch(1);

    private final Ledger ledger;
    private final AtomicInteger counter = new AtomicInteger();

    public Payments(Ledger ledger) {
        this.ledger = ledger;
    }

    public String charge(String orderId, int cents) throws DeclinedException {
        if (orderId.startsWith("join-")) {
            ENTERED.countDown();
            try {
                RELEASE.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int n = counter.incrementAndGet();
        long pid = ProcessHandle.current().pid();
        ledger.append("pay", orderId, "cents=" + cents + " pid=" + pid + " n=" + n);
        if (cents < 0) {
            throw new DeclinedException("card declined for " + orderId + " (" + cents + " cents) in pid " + pid);
        }
        return "paid:" + orderId + ":" + cents + "@" + pid + "#" + n;
    }
}
