package dev.lazarus.it.apps.plain;

import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.StepService;

/**
 * Code the user cannot edit: not a single Lazarus annotation. The agent option
 * {@code durable=dev.lazarus.it.apps.plain.PlainPipeline#process} makes {@link #process} durable.
 *
 * <p>{@code PlainPipeline KEY}: prints {@code RESULT <result>}.
 */
public class PlainPipeline {
    private final StepService steps = new StepService(Ledger.fromSystemProperty());

    public static void main(String[] args) {
        System.out.println("RESULT " + new PlainPipeline().process(args[0]));
    }

    public String process(String key) {
        String first = steps.step(key, 1);
        String second = steps.step(key, 2);
        String third = steps.step(key, 3);
        return first + "," + second + "," + third;
    }
}
