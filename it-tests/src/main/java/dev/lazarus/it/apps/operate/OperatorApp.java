package dev.lazarus.it.apps.operate;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.StepService;

/**
 * A durable flow of two outside calls for the operator commands ({@code retry}, {@code cancel}). With
 * {@code -Dflow.bug=true} the body throws after the first call, as code with a bug would; a later process
 * without the property is the fixed deployment.
 *
 * <p>{@code OperatorApp KEY}: calls the flow and prints {@code RESULT <result>} or {@code THREW <exception>}.
 */
public class OperatorApp {
    private static StepService steps;

    @Durable
    public static String flow(@ExecutionKey String key) {
        String first = steps.step(key, 1);
        if (Boolean.getBoolean("flow.bug")) {
            throw new IllegalStateException("bug after step 1 of " + key);
        }
        return first + "," + steps.step(key, 2);
    }

    public static void main(String[] args) {
        steps = new StepService(Ledger.fromSystemProperty());
        try {
            System.out.println("RESULT " + flow(args[0]));
        } catch (RuntimeException e) {
            System.out.println("THREW " + e);
        }
    }
}
