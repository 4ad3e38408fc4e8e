package dev.lazarus.it.apps.poison;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.StepService;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * An execution whose own code kills the process ({@code Runtime.halt}) after its first outside call, while the
 * marker file named by {@code it.poison.marker} exists: a poison execution. The halt is in a static helper the
 * body runs as its own code ({@link Poison#drink}), not in a journaled call: a process that dies inside a
 * journaled call is not the execution's doing (it may be a slow call killed by a deploy).
 *
 * <p>{@code PoisonApp ID}: runs a healthy durable call (prints {@code HEALTHY <result>}), then calls
 * {@code brew(ID)} and prints {@code OUTCOME value <result>} or
 * {@code OUTCOME threw <class>: <message>}, then {@code APP-ALIVE}.
 */
public class PoisonApp {
    private final StepService steps;

    public PoisonApp(Ledger ledger) {
        steps = new StepService(ledger);
    }

    @Durable
    public String brew(@ExecutionKey String id) {
        String first = steps.step(id, 1);
        String second = Poison.drink(id); // a static helper of the application: run as the body's own code
        return first + "," + second;
    }

    @Durable
    public String healthy(String id) {
        return steps.step(id, 1);
    }

    /** The application's own helper that kills the process while the marker file exists. */
    public static final class Poison {
        private Poison() {}

        public static String drink(String id) {
            boolean poisoned = Files.exists(Paths.get(System.getProperty("it.poison.marker")));
            // the ledger records every run of the helper (it is not journaled: it runs again on every replay)
            Ledger.fromSystemProperty()
                    .append(
                            "drink",
                            id,
                            poisoned ? "halting pid " + ProcessHandle.current().pid() : "fine");
            if (poisoned) {
                System.out.println("HALTING");
                System.out.flush();
                Runtime.getRuntime().halt(1);
            }
            return "fine@" + ProcessHandle.current().pid();
        }
    }

    public static void main(String[] args) {
        System.out.println("START pid=" + ProcessHandle.current().pid());
        PoisonApp app = new PoisonApp(Ledger.fromSystemProperty());
        System.out.println(
                "HEALTHY " + app.healthy("healthy-" + ProcessHandle.current().pid()));
        try {
            System.out.println("OUTCOME value " + app.brew(args[0]));
        } catch (RuntimeException e) {
            System.out.println("OUTCOME threw " + e.getClass().getName() + ": " + e.getMessage());
        }
        System.out.println("APP-ALIVE");
    }
}
