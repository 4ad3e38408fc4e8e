package dev.lazarus.it.loaders;

import static dev.lazarus.it.apps.loaders.ShopRounds.DONE;
import static dev.lazarus.it.apps.loaders.ShopRounds.IN_FLIGHT;
import static dev.lazarus.it.apps.loaders.ShopRounds.OUT_OF_STOCK;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.loaders.Decision;
import dev.lazarus.it.apps.loaders.OutOfStockException;
import dev.lazarus.it.apps.loaders.Receipt;
import dev.lazarus.it.apps.loaders.ShopRounds;
import dev.lazarus.it.harness.AgentCli;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/**
 * The class-loader scenario, whichever launcher loads the shop ({@link ShopRounds}) and however many
 * shops one JVM runs; every durable value in it is of a class only the shop's own loader can see.
 * <ol>
 *   <li>The first process fulfils {@link ShopRounds#DONE} with an approval it sends itself, fails
 *       {@link ShopRounds#OUT_OF_STOCK} with the application's {@link OutOfStockException}, and starts
 *       {@link ShopRounds#IN_FLIGHT}, whose approval (a {@link Decision}) comes from the command line
 *       ({@code java -jar lazarus-agent.jar send-event}); it is killed (SIGKILL) while shipping that order,
 *       before the shipping's effect.</li>
 *   <li>The restarted process (automatic recovery on) fulfils {@link ShopRounds#IN_FLIGHT}: the reservation
 *       and the approval come from the journal, the shipping runs. Then it calls the same key again, and
 *       calls the other two keys: each answers its recorded {@link Receipt} or rethrows its recorded
 *       {@link OutOfStockException} without running.</li>
 * </ol>
 * Checked on the ledger and on what the shops printed: each effect happened once (the one in flight
 * never reached its effect before the kill, so it too happened once, in the restarted process); every
 * result is the receipt an uncrashed run makes from the effects the ledger shows (the same function
 * gives the uncrashed order's result); each shop ran its own orders only.
 */
final class ShopScenario {
    /** Puts the shop(s) on a child JVM that already has the agent, the journal and the ledger. */
    interface Launch {
        /**
         * @param jvm the child JVM, with the agent, journal and ledger set
         * @param round {@code first} or {@code second}, the argument of {@link ShopRounds}
         * @return the same builder with the class path, main class or jar, and arguments
         */
        ChildJvm shops(ChildJvm jvm, String round);
    }

    private final Jdk jdk;
    private final Path dir;
    private final List<String> shops;
    private final String loaderClass;
    private final Launch launch;
    private final Path journal;
    private final LedgerFile ledger;

    /**
     * @param shops the shops' names (their class loaders' names, or {@link ShopRounds#UNNAMED})
     * @param loaderClass the class of the loader that must load each shop
     */
    ShopScenario(Jdk jdk, Path dir, List<String> shops, String loaderClass, Launch launch) {
        this.jdk = jdk;
        this.dir = dir;
        this.shops = List.copyOf(shops);
        this.loaderClass = loaderClass;
        this.launch = launch;
        this.journal = dir.resolve("journal");
        this.ledger = new LedgerFile(dir.resolve("ledger.txt"));
    }

    /** Runs both processes and checks them. */
    void killInFlightAndResume() {
        ChildProcess first = launch.shops(jvm("first"), "first")
                .blockAt(shops.stream().map(s -> "ship:" + s + "/" + IN_FLIGHT).toArray(String[]::new))
                .start();
        // The finished orders first: when two shops share an execution, this is where it shows, at once.
        for (String shop : shops) {
            first.awaitStdout("^OUTCOME " + Pattern.quote(shop + " " + OUT_OF_STOCK + " "), Apps.WAIT);
        }
        assertAll(
                "each shop's finished orders, before the kill; ledger:\n" + ledger.dump(),
                shops.stream().flatMap(shop -> beforeKill(shop, first)));

        for (String shop : shops) {
            first.awaitStdout("^AT reserve:" + Pattern.quote(shop + "/" + IN_FLIGHT) + "$", Apps.WAIT);
            AgentCli.sendEvent(
                            jdk,
                            dir,
                            "cli-" + shop,
                            journal,
                            "approval",
                            shop + "/" + IN_FLIGHT,
                            "{\"approved\":true,\"by\":\"" + cliApprover(shop) + "\"}")
                    .assertExit(0, Apps.WAIT);
        }
        for (String shop : shops) {
            first.awaitStdout("^BLOCKED ship:" + Pattern.quote(shop + "/" + IN_FLIGHT) + "$", Apps.WAIT);
        }
        first.kill();

        ChildProcess second = launch.shops(jvm("second"), "second").start();
        second.assertExit(0, Apps.EXIT);
        assertAll(
                "after the restart; ledger:\n" + ledger.dump(),
                Stream.concat(
                        shops.stream().flatMap(shop -> afterRestart(shop, first, second)),
                        Stream.of(() -> assertEquals(
                                5 * shops.size(),
                                ledger.entries().size(),
                                "each shop: two reservations"
                                        + " and a shipping that succeeded, one out of stock, one shipping after the restart; nothing"
                                        + " twice"))));
    }

    private Stream<Executable> beforeKill(String shop, ChildProcess first) {
        return Stream.of(
                () -> assertEquals(
                        loaderClass, first.stdoutValue("LOADER " + shop + " "), "the class loader of shop " + shop),
                () -> assertEquals(
                        "false",
                        first.stdoutValue("SYSTEM-LOADER-SEES-APP " + shop + " "),
                        "the JVM's class path must not see the application's classes, or this scenario proves"
                                + " nothing"),
                () -> assertEquals(done(shop), outcome(first, shop, DONE), "the uncrashed order's receipt"),
                () -> assertEquals(outOfStock(shop), outcome(first, shop, OUT_OF_STOCK), "the failed order"));
    }

    private Stream<Executable> afterRestart(String shop, ChildProcess first, ChildProcess second) {
        return Stream.of(
                () -> assertMadeBy(
                        first, ledger.once("reserve", shop + "/" + IN_FLIGHT), "the reservation before the kill"),
                () -> assertMadeBy(
                        second,
                        ledger.once("ship", shop + "/" + IN_FLIGHT),
                        "the shipping that was in flight at the kill"),
                () -> assertEquals(
                        inFlight(shop),
                        outcome(second, shop, IN_FLIGHT),
                        "the resumed order: reservation and approval from the journal, shipping live"),
                () -> assertEquals(
                        inFlight(shop),
                        outcome(second, shop, IN_FLIGHT + "-again"),
                        "the second call with the same key: the recorded receipt, without running"),
                () -> assertEquals(
                        outOfStock(shop),
                        outcome(second, shop, OUT_OF_STOCK),
                        "a finished key's recorded exception: same class, same message (naming the first process)"),
                () -> assertEquals(
                        done(shop),
                        outcome(second, shop, DONE),
                        "a finished key's recorded receipt, from the first process"));
    }

    /** The receipt an uncrashed run makes of the finished order's effects, as printed. */
    private String done(String shop) {
        return "value "
                + new Receipt(
                        DONE,
                        ledger.once("reserve", shop + "/" + DONE),
                        new Decision(true, shop + "-itself"),
                        ledger.once("ship", shop + "/" + DONE));
    }

    /** The exception the out-of-stock order throws, as printed. */
    private String outOfStock(String shop) {
        return "threw " + OutOfStockException.class.getName() + ": "
                + new OutOfStockException(OUT_OF_STOCK, ledger.once("reserve", shop + "/" + OUT_OF_STOCK)).getMessage();
    }

    /** The receipt an uncrashed run would make of the in-flight order's effects, as printed. */
    private String inFlight(String shop) {
        return "value "
                + new Receipt(
                        IN_FLIGHT,
                        ledger.once("reserve", shop + "/" + IN_FLIGHT),
                        new Decision(true, cliApprover(shop)),
                        ledger.once("ship", shop + "/" + IN_FLIGHT));
    }

    /** Whose approval the command line sends to {@code shop}: the receipt shows each shop got its own. */
    private static String cliApprover(String shop) {
        return "cli-for-" + shop;
    }

    private ChildJvm jvm(String name) {
        return ChildJvm.on(jdk, dir, name).agent("journal=" + journal).ledger(ledger.path());
    }

    private static String outcome(ChildProcess p, String shop, String label) {
        return p.stdoutValue("OUTCOME " + shop + " " + label + " ");
    }

    private static void assertMadeBy(ChildProcess p, String ledgerValue, String what) {
        assertTrue(
                ledgerValue.contains("@" + p.pid() + "#"),
                what + " should have been made by " + p.name() + " (pid " + p.pid() + "): " + ledgerValue);
    }
}
