package dev.lazarus.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shorthands for starting the test apps; the timeouts are upper bounds, not expectations. */
public final class Apps {
    /** Upper bound for a child to reach a point it announces on stdout. */
    public static final Duration WAIT = Duration.ofSeconds(60);
    /** Upper bound for a child to finish. */
    public static final Duration EXIT = Duration.ofSeconds(90);

    private Apps() {}

    /** A test app under the agent with {@code journal=<journal>} plus {@code options}. */
    public static ChildJvm durable(Jdk jdk, Path dir, String name, Path journal, LedgerFile ledger, String... options) {
        List<String> all = new ArrayList<>();
        all.add("journal=" + journal);
        all.addAll(Arrays.asList(options));
        return ChildJvm.on(jdk, dir, name)
                .agent(all.toArray(new String[0]))
                .classpath(ItEnv.appClasspath())
                .ledger(ledger.path());
    }

    /** A test app without the agent. */
    public static ChildJvm plain(Jdk jdk, Path dir, String name, LedgerFile ledger) {
        return ChildJvm.on(jdk, dir, name).classpath(ItEnv.appClasspath()).ledger(ledger.path());
    }
}
