package dev.lazarus.it.apps.golden;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;

/** A durable method called from the golden flows' bodies: a child execution of theirs. */
public class GoldenChild {
    private final GoldenServices services;

    /** @param services the outside world */
    public GoldenChild(GoldenServices services) {
        this.services = services;
    }

    /** @return a label and a count for the order */
    @Durable(name = "golden.shipment")
    public String shipment(@ExecutionKey String order) {
        String label = services.label(order);
        int count = services.count(order);
        return summary(label, count);
    }

    /** @return what {@link #shipment} returns for these values (a helper of the body, public for the tests) */
    public static String summary(String label, int count) {
        return label + " x" + count;
    }
}
