package dev.lazarus.it.apps.child;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.StepService;

/** A durable method of its own, called from {@link OrderApp}'s durable method: a child execution. */
public class ShippingFlow {
    private final StepService steps;

    public ShippingFlow(StepService steps) {
        this.steps = steps;
    }

    @Durable
    public String ship(@ExecutionKey String orderId) {
        String label = steps.step("ship-" + orderId, 1);
        String pickup = steps.step("ship-" + orderId, 2);
        return label + "+" + pickup;
    }
}
