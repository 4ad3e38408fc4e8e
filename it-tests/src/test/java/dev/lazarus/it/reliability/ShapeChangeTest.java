package dev.lazarus.it.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.it.harness.LedgerFile;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input (RELIABILITY.md §5): the application's classes change shape between the crash and the restart. Version
 * 1 of a small application (compiled here with {@code javax.tools}) journals a call whose result is a {@code Quote}
 * and whose execution's argument is an {@code Order}, and is killed in its next call. Version 2 changes one of the
 * two classes (a field added, removed, renamed, retyped, or the class deleted) and restarts on the same journal:
 * with {@code recover=manual} (the application calls again, so the recorded {@code Quote} is decoded on replay) for
 * the result class, with {@code recover=auto} (the engine decodes the recorded arguments itself) for the argument
 * class.
 *
 * <p>Each restart gives the right result (the recorded values, as version 1 journaled them) or a clear error
 * naming the changed class, and fails only that execution: the same process then runs a fresh execution to
 * its end. Never a wrong result (a value read into the wrong field, or defaults in place of recorded data).
 */
@ExtendWith(ChildJvms.class)
class ShapeChangeTest {

    static final String PRICED = """
            package shapes;
            public interface Priced { String summary(); }
            """;

    static final String QUOTE_V1 = """
            package shapes;
            public class Quote implements Priced {
                private final String sku;
                private final int cents;
                public Quote(String sku, int cents) { this.sku = sku; this.cents = cents; }
                public static Priced of(String sku, int cents) { return new Quote(sku, cents); }
                public String summary() { return "sku=" + sku + " cents=" + cents; }
            }
            """;

    static final String ORDER_V1 = """
            package shapes;
            public class Order {
                private final String sku;
                private final int qty;
                public Order(String sku, int qty) { this.sku = sku; this.qty = qty; }
                public static Order sample(String key) { return new Order("sku-" + key, 3); }
                public String sku() { return sku; }
                public String describe() { return "qty=" + qty; }
            }
            """;

    /** Version 2 of the result class, by change. */
    static final Map<String, String> QUOTE_V2 = new LinkedHashMap<>();
    /** Version 2 of the argument class, by change. */
    static final Map<String, String> ORDER_V2 = new LinkedHashMap<>();

    static {
        QUOTE_V2.put(
                "field added",
                QUOTE_V1.replace(
                        "private final int cents;",
                        "private final int cents;\n    private final String currency = \"EUR\";"));
        QUOTE_V2.put("field removed", """
                package shapes;
                public class Quote implements Priced {
                    private final String sku;
                    public Quote(String sku, int cents) { this.sku = sku; }
                    public static Priced of(String sku, int cents) { return new Quote(sku, cents); }
                    public String summary() { return "sku=" + sku + " cents=?"; }
                }
                """);
        QUOTE_V2.put("field renamed", QUOTE_V1.replace("cents", "amount").replace("\" amount=\"", "\" cents=\""));
        QUOTE_V2.put("field type changed", """
                package shapes;
                public class Quote implements Priced {
                    private final String sku;
                    private final long cents;
                    public Quote(String sku, int cents) { this.sku = sku; this.cents = cents; }
                    public static Priced of(String sku, int cents) { return new Quote(sku, cents); }
                    public String summary() { return "sku=" + sku + " cents=" + cents; }
                }
                """);
        QUOTE_V2.put("class deleted", """
                package shapes;
                public class Quote2 implements Priced {
                    private final String sku;
                    private final int cents;
                    public Quote2(String sku, int cents) { this.sku = sku; this.cents = cents; }
                    public static Priced of(String sku, int cents) { return new Quote2(sku, cents); }
                    public String summary() { return "sku=" + sku + " cents=" + cents; }
                }
                """);
        ORDER_V2.put(
                "field added",
                ORDER_V1.replace(
                        "private final int qty;", "private final int qty;\n    private final String note = \"\";"));
        ORDER_V2.put("field removed", """
                package shapes;
                public class Order {
                    private final String sku;
                    public Order(String sku) { this.sku = sku; }
                    public static Order sample(String key) { return new Order("sku-" + key); }
                    public String sku() { return sku; }
                    public String describe() { return "qty=?"; }
                }
                """);
        ORDER_V2.put("field renamed", ORDER_V1.replace("qty", "quantity").replace("\"quantity=\"", "\"qty=\""));
        ORDER_V2.put("field type changed", ORDER_V1.replace("private final int qty;", "private final long qty;"));
        ORDER_V2.put("class deleted", """
                package shapes;
                public class Order2 {
                    private final String sku;
                    private final int qty;
                    public Order2(String sku, int qty) { this.sku = sku; this.qty = qty; }
                    public static Order2 sample(String key) { return new Order2("sku-" + key, 3); }
                    public String sku() { return sku; }
                    public String describe() { return "qty=" + qty; }
                }
                """);
    }

    static final String SERVICES = """
            package shapes;
            import dev.lazarus.it.apps.support.Gate;
            import dev.lazarus.it.apps.support.Ledger;
            public class Services {
                private final Ledger ledger;
                public Services(Ledger ledger) { this.ledger = ledger; }
                public Priced quote(String sku) {
                    int cents = 100 * sku.length() + 7;
                    ledger.append("quote", sku, String.valueOf(cents));
                    return QUOTE_CLASS.of(sku, cents);
                }
                public void confirm(String key) {
                    Gate.reach("confirm:" + key);
                    ledger.append("confirm", key, "ok");
                }
                public void publish(String key, String result) {
                    ledger.append("publish", key, result.replace(' ', '_'));
                }
            }
            """;

    static final String APP = """
            package shapes;
            import dev.lazarus.Durable;
            import dev.lazarus.ExecutionKey;
            import dev.lazarus.it.apps.support.Ledger;
            public class ShapeApp {
                private final Services services;
                public ShapeApp(Ledger ledger) { services = new Services(ledger); }

                @Durable(name = "shapes.price")
                public String price(@ExecutionKey String key, ORDER_CLASS order) {
                    Priced q = services.quote(order.sku());
                    services.confirm(key);
                    String result = q.summary() + " " + order.describe();
                    services.publish(key, result);
                    return result;
                }

                public static void main(String[] args) throws Exception {
                    String mode = args[0];
                    String key = args[1];
                    Ledger ledger = Ledger.fromSystemProperty();
                    ShapeApp app = new ShapeApp(ledger);
                    if (mode.equals("call")) {
                        try {
                            System.out.println("RESULT " + app.price(key, ORDER_CLASS.sample(key)));
                        } catch (Throwable t) {
                            System.out.println("FAILED " + t.getClass().getName() + ": " + t.getMessage());
                        }
                    } else {
                        String line = ledger.await("publish " + key + " ", java.time.Duration.ofSeconds(3));
                        System.out.println(line == null ? "NO-RESULT" : "SAW " + line);
                    }
                    String fresh = "fresh-" + key;
                    System.out.println("FRESH " + app.price(fresh, ORDER_CLASS.sample(fresh)));
                }
            }
            """;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Jdk.all().forEach(jdk -> {
            QUOTE_V2.keySet().forEach(change -> out.add(arguments(jdk, "result class Quote", change)));
            ORDER_V2.keySet().forEach(change -> out.add(arguments(jdk, "argument class Order", change)));
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}, {2}")
    @MethodSource("cases")
    void restartAfterAClassChangedShape(Jdk jdk, String which, String change, @TempDir Path dir) throws IOException {
        jdk.assumeAvailable();
        boolean result = which.startsWith("result");
        Path v1 = compile(dir.resolve("v1"), QUOTE_V1, "Quote", ORDER_V1, "Order");
        String quote2 = result ? QUOTE_V2.get(change) : QUOTE_V1;
        String order2 = result ? ORDER_V1 : ORDER_V2.get(change);
        Path v2 = compile(
                dir.resolve("v2"),
                quote2,
                result && change.equals("class deleted") ? "Quote2" : "Quote",
                order2,
                !result && change.equals("class deleted") ? "Order2" : "Order");
        Path journal = dir.resolve("journal");
        LedgerFile ledger = new LedgerFile(dir.resolve("ledger.txt"));
        String key = "k1";
        String changed = result ? "shapes.Quote" : "shapes.Order";

        ChildProcess first = app(jdk, dir, "v1", v1, journal, ledger, "recover=manual")
                .blockAt("confirm:" + key)
                .main("shapes.ShapeApp", "call", key)
                .start();
        first.awaitStdout("^BLOCKED confirm:" + key + "$", Apps.WAIT);
        first.kill();
        String cents = ledger.once("quote", "sku-" + key);

        ChildProcess second = app(jdk, dir, "v2", v2, journal, ledger, result ? "recover=manual" : "recover=auto")
                .allowStderr(
                        "LAZ-20\\d",
                        "recovered execution",
                        "shapes\\.Order",
                        "shapes/Order",
                        "TypeNotPresent",
                        "NoSuchMethod",
                        "ClassNotFound")
                .main("shapes.ShapeApp", result ? "call" : "wait", key)
                .start();
        second.assertExit(0, Apps.EXIT);
        List<String> out = second.stdout();
        String all = String.join("\n", out) + "\n" + String.join("\n", second.stderr());

        // either the right result, made of the recorded values ...
        String right = "sku=sku-" + key + " cents=" + cents + " qty=3";
        String published = ledger.find("publish", key).stream()
                .map(e -> e.value().replace('_', ' '))
                .findFirst()
                .orElse(null);
        String reported = out.stream()
                .filter(l -> l.startsWith("RESULT "))
                .map(l -> l.substring(7))
                .findFirst()
                .orElse(published);
        if (reported != null) {
            assertEquals(
                    right,
                    reported,
                    which + " " + change + ": a result, but not the recorded one\n" + second.describe());
        } else {
            // ... or a clear error naming the changed class
            List<String> errors = Stream.concat(out.stream(), second.stderr().stream())
                    .filter(l -> l.contains(changed) || l.contains(changed.replace('.', '/')))
                    .collect(Collectors.toList());
            assertTrue(
                    !errors.isEmpty(),
                    which + " " + change + ": neither the right result nor an error naming " + changed + "\n"
                            + second.describe());
            System.out.println(jdk + " " + which + ", " + change + ": " + errors.get(0));
        }
        assertEquals(1, ledger.count("quote", "sku-" + key), "the journaled call never ran again\n" + ledger.dump());
        // only that execution failed: the same process ran a fresh one to its end
        assertTrue(out.stream().anyMatch(l -> l.startsWith("FRESH sku=sku-fresh-" + key)), all);
        assertEquals(1, ledger.count("publish", "fresh-" + key), ledger.dump());
    }

    private static ChildJvm app(
            Jdk jdk, Path dir, String name, Path classes, Path journal, LedgerFile ledger, String recover) {
        List<Path> cp = new ArrayList<>();
        cp.add(classes);
        cp.addAll(ItEnv.appClasspath());
        return ChildJvm.on(jdk, dir, name)
                .agent("journal=" + journal, recover)
                .classpath(cp)
                .ledger(ledger.path());
    }

    /** Compiles one version of the application (Java 17) into {@code root/classes}. */
    static Path compile(Path root, String quote, String quoteClass, String order, String orderClass)
            throws IOException {
        Path src = root.resolve("src/shapes");
        Path classes = root.resolve("classes");
        Files.createDirectories(src);
        Files.createDirectories(classes);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Priced", PRICED);
        files.put(quoteClass, quote);
        files.put(orderClass, order);
        files.put("Services", SERVICES.replace("QUOTE_CLASS", quoteClass));
        files.put("ShapeApp", APP.replace("ORDER_CLASS", orderClass));
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "17",
                "-g",
                "-proc:none",
                "-encoding",
                "UTF-8",
                "-classpath",
                ItEnv.appClasspath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-d",
                classes.toString()));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = src.resolve(f.getKey() + ".java");
            Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            fail("no Java compiler in the JDK running the tests (" + System.getProperty("java.home") + ")");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = javac.run(null, log, log, args.toArray(new String[0]));
        if (code != 0) {
            fail("javac failed on " + root + ":\n" + log.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }
}
