package dev.lazarus.it.apps.loaders;

import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outside world of the shop: each real call is one ledger line whose argument is
 * {@code <shop>/<order>}, so that two shops in one JVM write apart, and whose value names the shop and
 * differs in every process and on every call ({@code <what>-<shop>@<pid>#<n>}), so that a call that ran
 * again instead of being answered from the journal shows, and so does a call answered with another
 * shop's outcome. Each call first reaches the kill point {@code <operation>:<shop>/<order>}.
 */
public class Warehouse {
    /** Orders whose id starts with this are out of stock: {@link #reserve} throws for them. */
    public static final String OUT_OF_STOCK_PREFIX = "oos-";

    private final Ledger ledger;
    private final String shop;
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * @param ledger where the side effects go
     * @param shop the shop's name, the first part of every ledger argument
     */
    public Warehouse(Ledger ledger, String shop) {
        this.ledger = ledger;
        this.shop = shop;
    }

    /** @return the shop's name */
    public String shop() {
        return shop;
    }

    /**
     * Reserves the order's item.
     *
     * @param order the order id
     * @return the reserved item
     * @throws OutOfStockException for orders starting with {@value #OUT_OF_STOCK_PREFIX} (after writing the ledger)
     */
    public String reserve(String order) throws OutOfStockException {
        String value = effect("reserve", order, "item");
        if (order.startsWith(OUT_OF_STOCK_PREFIX)) {
            throw new OutOfStockException(order, value);
        }
        return value;
    }

    /**
     * Ships the order.
     *
     * @param order the order id
     * @param decision the approval, named in the ledger
     * @return the parcel
     */
    public String ship(String order, Decision decision) {
        return effect("ship", order, "parcel-for-" + decision.by());
    }

    private String effect(String operation, String order, String what) {
        String argument = shop + "/" + order;
        Gate.reach(operation + ":" + argument);
        String value = what + "-" + shop + "@" + ProcessHandle.current().pid() + "#" + counter.incrementAndGet();
        ledger.append(operation, argument, value);
        return value;
    }
}
