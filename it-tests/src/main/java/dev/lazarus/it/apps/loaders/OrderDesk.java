package dev.lazarus.it.apps.loaders;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.Lazarus;
import java.time.Duration;
import java.util.Optional;

/**
 * The durable class of the class-loader scenarios, the same in every launcher: a plain object under
 * the child-first launcher, a Spring bean in the Spring Boot fat jar. Its durable method has an
 * explicit key, returns the application's own record, throws the application's own exception for some
 * keys, and waits for an event whose payload is the application's own record.
 */
public class OrderDesk {
    /** How long an order waits for its approval at most; the tests send it within seconds. */
    static final Duration APPROVAL_TIMEOUT = Duration.ofMinutes(10);

    private final Warehouse warehouse;
    /** Read once here, not in the body: the event key names the shop, so two shops never share an approval. */
    private final String shop;

    /** @param warehouse the outside world */
    public OrderDesk(Warehouse warehouse) {
        this.warehouse = warehouse;
        this.shop = warehouse.shop();
    }

    /**
     * Reserves (journaled), waits for the approval event {@code ("approval", "<shop>/<order>")}, ships
     * (journaled).
     *
     * @param order the order id, the execution key
     * @return the receipt
     * @throws OutOfStockException when the warehouse has nothing for the order
     */
    @Durable
    public Receipt fulfil(@ExecutionKey String order) throws OutOfStockException {
        String item = warehouse.reserve(order);
        Optional<Decision> decision =
                Lazarus.awaitEvent("approval", shop + "/" + order, Decision.class, APPROVAL_TIMEOUT);
        if (decision.isEmpty() || !decision.get().approved()) {
            throw new IllegalStateException("order " + order + " was not approved: " + decision);
        }
        String parcel = warehouse.ship(order, decision.get());
        return new Receipt(order, item, decision.get(), parcel);
    }
}
