package dev.lazarus.it.apps.steps;

import dev.lazarus.Durable;
import dev.lazarus.Lazarus;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.Publisher;
import dev.lazarus.it.apps.support.StepService;
import java.time.Duration;

/**
 * An instance {@code @Durable} method with N outside calls (a field-held {@link StepService}) and an
 * implicit execution key (a digest of the arguments).
 *
 * <p>{@code StepsApp call KEY N}: calls the method and prints {@code RESULT <result>}.
 * {@code StepsApp await KEY N}: constructs the object but never calls the method; waits for the
 * ledger's {@code publish KEY} line (written by the execution that automatic recovery resumes) and
 * prints {@code SAW <line>}.
 */
public class StepsApp {
    private final StepService steps;
    private final Publisher publisher;

    public StepsApp(Ledger ledger) {
        this.steps = new StepService(ledger);
        this.publisher = new Publisher(ledger);
    }

    @Durable
    public String run(String key, int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1; k <= n; k++) {
            if (k > 1) {
                sb.append(',');
            }
            sb.append(steps.step(key, k));
        }
        String result = sb.toString();
        publisher.publish(key, result);
        return result;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String key = args[1];
        int n = Integer.parseInt(args[2]);
        System.out.println("START pid=" + ProcessHandle.current().pid());
        Ledger ledger = Ledger.fromSystemProperty();
        // Facade calls outside an execution: null with or without the agent (without it, one warning).
        System.out.println("OUTSIDE-EXECUTION-ID " + Lazarus.executionId());
        System.out.println("OUTSIDE-EXECUTION-ID " + Lazarus.executionId());
        StepsApp app = new StepsApp(ledger);
        if (mode.equals("call")) {
            System.out.println("RESULT " + app.run(key, n));
        } else if (mode.equals("await")) {
            String line = ledger.await("publish " + key + " ", Duration.ofSeconds(90));
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
