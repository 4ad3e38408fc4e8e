package dev.lazarus.it.apps.child;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import dev.lazarus.it.apps.support.StepService;

/**
 * A durable method that calls another durable method ({@link ShippingFlow#ship}): a child execution,
 * whose outcome the parent journals as one entry.
 *
 * <p>{@code OrderApp ID}: prints {@code RESULT <result>}.
 */
public class OrderApp {
    private final StepService steps;
    private final ShippingFlow shipping;
    private final Publisher publisher;

    public OrderApp(Ledger ledger) {
        steps = new StepService(ledger);
        shipping = new ShippingFlow(steps);
        publisher = new Publisher(ledger);
    }

    @Durable
    public String order(@ExecutionKey String id) {
        String charged = steps.step(id, 1);
        String shipped = shipping.ship(id);
        String confirmed = steps.step(id, 2);
        String result = charged + "|" + shipped + "|" + confirmed;
        publisher.publish(id, result);
        return result;
    }

    public static void main(String[] args) {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        System.out.println("RESULT " + new OrderApp(Ledger.fromSystemProperty()).order(args[0]));
    }
}
