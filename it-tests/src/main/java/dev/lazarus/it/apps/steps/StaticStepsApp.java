package dev.lazarus.it.apps.steps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import dev.lazarus.it.apps.support.StepService;
import java.time.Duration;

/**
 * A static {@code @Durable} method with N outside calls (services in static fields) and an explicit
 * {@link ExecutionKey}. Modes as in {@link StepsApp}; in {@code await} mode the class is initialised
 * (it is the main class) but the method is never called.
 */
public class StaticStepsApp {
    private static final Ledger LEDGER = Ledger.fromSystemProperty();
    private static final StepService STEPS = new StepService(LEDGER);
    private static final Publisher PUBLISHER = new Publisher(LEDGER);

    @Durable
    public static String run(@ExecutionKey String key, int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= n; k++) {
            if (k > 1) {
                sb.append(',');
            }
            sb.append(STEPS.step(key, k));
        }
        String result = sb.toString();
        PUBLISHER.publish(key, result);
        return result;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String key = args[1];
        int n = Integer.parseInt(args[2]);
        System.out.println("START pid=" + ProcessHandle.current().pid());
        if (mode.equals("call")) {
            System.out.println("RESULT " + run(key, n));
        } else if (mode.equals("await")) {
            String line = LEDGER.await("publish " + key + " ", Duration.ofSeconds(90));
            if (line == null) {
                System.out.println("TIMEOUT waiting for the ledger's publish " + key + " line");
                System.exit(3);
            }
            System.out.println("SAW " + line);
        } else {
            throw new IllegalArgumentException("mode " + mode);
        }
    }
}
