package dev.lazarus.it.apps.steps;

import dev.lazarus.it.apps.support.Ledger;
import java.time.Duration;

/**
 * Recovery of {@link StepsApp} while the process first constructs many instances of a subclass: each
 * runs StepsApp's constructor and its recovery hook (long enough for the JIT to compile it), but an
 * instance of the subclass is not yet complete when that hook runs, so recovery must keep waiting, and
 * resume the execution on the first instance of StepsApp itself, constructed last.
 *
 * <p>{@code SubclassFirstApp KEY N}: then waits for the ledger's {@code publish KEY} line and prints
 * {@code SAW <line>}; constructs more instances afterwards (which must not resume anything again).
 */
public class SubclassFirstApp {
    /** Declares no durable method of its own. */
    static final class Sub extends StepsApp {
        Sub(Ledger ledger) {
            super(ledger);
        }
    }

    public static void main(String[] args) throws Exception {
        String key = args[0];
        Ledger ledger = Ledger.fromSystemProperty();
        long made = 0;
        for (int i = 0; i < 200_000; i++) {
            made += new Sub(ledger).hashCode() & 1;
        }
        System.out.println("SUBCLASS-INSTANCES " + made);
        new StepsApp(ledger);
        String line = ledger.await("publish " + key + " ", Duration.ofSeconds(90));
        if (line == null) {
            System.out.println("TIMEOUT waiting for the ledger's publish " + key + " line");
            System.exit(3);
        }
        for (int i = 0; i < 200_000; i++) {
            made += new StepsApp(ledger).hashCode() & 1;
        }
        System.out.println("SAW " + line);
    }
}
