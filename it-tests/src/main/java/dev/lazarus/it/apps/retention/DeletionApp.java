package dev.lazarus.it.apps.retention;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import dev.lazarus.it.apps.support.Gate;
import dev.lazarus.it.apps.support.Ledger;
import dev.lazarus.it.apps.support.StepService;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Personal data an operator must be able to erase while the application runs. {@code remember} keeps a secret (its
 * argument, and what the outside call was given), so both are in the journal; {@code pad} only fills segments, so
 * the secrets' segment is sealed and compaction may rewrite it.
 *
 * <p>{@code DeletionApp KEY SECRET CONTROL_KEY CONTROL_SECRET PADS GO_FILE}: remembers both secrets, prints
 * {@code RESULT <result>} and {@code CONTROL <result>}, pads, reaches {@code filled}, then waits for
 * {@code GO_FILE} to exist, remembers the first secret again under the same key and prints
 * {@code AGAIN <result>}.
 */
public class DeletionApp {
    private static StepService steps;

    @Durable
    public static String remember(@ExecutionKey String key, String secret) {
        return "kept " + steps.step(secret, 1);
    }

    @Durable
    public static int pad(@ExecutionKey int i, String filler) {
        return filler.length() + i;
    }

    public static void main(String[] args) throws Exception {
        steps = new StepService(Ledger.fromSystemProperty());
        System.out.println("RESULT " + remember(args[0], args[1]));
        System.out.println("CONTROL " + remember(args[2], args[3]));
        String filler = "f".repeat(400);
        for (int i = 0, n = Integer.parseInt(args[4]); i < n; i++) {
            pad(i, filler);
        }
        Gate.reach("filled");
        Path go = Path.of(args[5]);
        while (!Files.exists(go)) {
            Thread.sleep(50);
        }
        System.out.println("AGAIN " + remember(args[0], args[1]));
    }
}
