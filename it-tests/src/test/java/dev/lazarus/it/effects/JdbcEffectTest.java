package dev.lazarus.it.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.it.apps.jdbc.OrderDesk;
import dev.lazarus.it.harness.Apps;
import dev.lazarus.it.harness.ChildJvm;
import dev.lazarus.it.harness.ChildJvms;
import dev.lazarus.it.harness.ChildProcess;
import dev.lazarus.it.harness.ItEnv;
import dev.lazarus.it.harness.Jdk;
import dev.lazarus.store.log.JournalLog;
import dev.lazarus.store.record.JournalRecord;
import dev.lazarus.store.record.RecordCodec;
import dev.lazarus.store.record.StepRecorded;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JDBC in a durable body ({@link OrderDesk}: HikariCP over a file-backed H2 database, statements written the way
 * their documentation shows): each statement's execution is journaled at the driver's statement with its SQL and
 * parameters, the connections and statements stay live (taken from the pool and given back on replay too). The
 * ledger is the database itself, read by this JVM after the runs: killed between statements, or at a random
 * moment, the restarted process writes each row once and ends with the rows and the result of an uncrashed run,
 * and its pool has no active connection left once the durable method returned.
 */
@ExtendWith(ChildJvms.class)
class JdbcEffectTest {
    private static final String KEY = "order-1";
    private static final String CUSTOMER = "alice";
    private static final String[] ITEMS = {"apple", "pear", "fig"};
    /** Statements that write: one insert per item, the invoice's insert, the update. */
    private static final int WRITES = ITEMS.length + 2;

    /** Kill points between statements (after a statement's journal record, before the next statement). */
    static Stream<Arguments> killPoints() {
        return Jdk.all()
                .flatMap(jdk ->
                        Stream.of("gate:after-insert-2", "gate:after-invoice").map(point -> Arguments.of(jdk, point)));
    }

    @ParameterizedTest(name = "{0} killed at {1}")
    @MethodSource("killPoints")
    void killedBetweenStatementsEachRowIsWrittenOnce(Jdk jdk, String point, @TempDir Path dir) throws Exception {
        Uncrashed expected = uncrashed(jdk, dir);
        Path db = dir.resolve("durable");
        Path journal = dir.resolve("journal");

        ChildProcess first =
                durable(jdk, dir, "first", db, journal).blockAt(point).start();
        first.awaitStdout("^BLOCKED " + point + "$", Apps.WAIT);
        first.kill();
        Map<String, List<String>> atKill = rows(db);

        ChildProcess second = durable(jdk, dir, "second", db, journal).start();
        second.assertExit(0, Apps.EXIT);
        assertEquals(expected.result, second.stdoutValue("RESULT "), second.describeFully());
        assertEquals("0", second.stdoutValue("ACTIVE "), "the pool's active connections at exit");
        assertEquals(expected.rows, rows(db), "the database after the restart (it held " + atKill + " at the kill)");
        assertTrue(
                second.stdout().stream().noneMatch(l -> l.contains("DIVERGED")),
                "never DIVERGED\n" + second.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lazarus.it.harness.Jdk#all")
    void killedAtARandomMomentEachRowIsWrittenOnce(Jdk jdk, @TempDir Path dir) throws Exception {
        long seed = Long.getLong("it.jdbc.seed", System.nanoTime());
        int pauseMillis = 60;
        int killAfterMillis = new Random(seed).nextInt(pauseMillis * (WRITES + 2));
        System.out.println("JdbcEffectTest: seed " + seed + " (-Dit.jdbc.seed), kill " + killAfterMillis
                + " ms after START, " + pauseMillis + " ms between statements");
        Uncrashed expected = uncrashed(jdk, dir);
        Path db = dir.resolve("durable");
        Path journal = dir.resolve("journal");

        ChildProcess first = durable(jdk, dir, "first", db, journal)
                .property("it.pauseMillis", String.valueOf(pauseMillis))
                .start();
        first.awaitStdout("^START$", Apps.WAIT);
        Thread.sleep(killAfterMillis);
        first.kill();
        Map<String, List<String>> atKill = rows(db);
        int committed = atKill.get("orders").size()
                + atKill.get("invoices").size()
                + (atKill.get("orders").stream().anyMatch(r -> r.contains("INVOICED")) ? 1 : 0);
        long journaled = records(journal).stream()
                .filter(r -> r instanceof StepRecorded s && s.callee().equals("jdbc:executeUpdate"))
                .count();

        System.out.println(
                "JdbcEffectTest: at the kill the database held " + atKill + "; " + journaled + " writes journaled");

        ChildProcess second = durable(jdk, dir, "second", db, journal).start();
        second.assertExit(0, Apps.EXIT);
        assertEquals("0", second.stdoutValue("ACTIVE "), "the pool's active connections at exit");
        String context = "seed " + seed + "; the database at the kill: " + atKill + "; " + journaled
                + " writes journaled\n" + second.describe();
        if (committed == journaled) {
            assertEquals(expected.result, second.stdoutValue("RESULT "), context);
            assertEquals(expected.rows, rows(db), context);
        } else {
            // The kill came between a write's commit and its journal record: that write, the one in flight, ran
            // again after the restart (its outcome is journaled once the database answered); no other did.
            assertEquals(
                    journaled + 1, committed, "only the write in flight can be missing from the journal; " + context);
            System.out.println("JdbcEffectTest: the kill hit the write in flight (" + context + ")");
            Map<String, List<String>> after = rows(db);
            int inFlight = (int) journaled; // the writes' order: the inserts, the invoice, the update
            if (inFlight < ITEMS.length) {
                String item = "|" + ITEMS[inFlight] + "|";
                assertEquals(ITEMS.length + 1, after.get("orders").size(), context + after);
                assertEquals(
                        2,
                        after.get("orders").stream()
                                .filter(r -> r.contains(item))
                                .count(),
                        context + after);
                assertEquals(1, after.get("invoices").size(), context + after);
            } else if (inFlight == ITEMS.length) {
                assertEquals(ITEMS.length, after.get("orders").size(), context + after);
                assertEquals(2, after.get("invoices").size(), context + after);
            } else {
                assertEquals(expected.rows, after, context);
                assertTrue(second.stdoutValue("RESULT ").endsWith("invoiced=0"), "the update ran again: " + context);
            }
        }
    }

    /** What a run without the agent and without a crash writes and returns, on a database of its own. */
    private record Uncrashed(String result, Map<String, List<String>> rows) {}

    private static Uncrashed uncrashed(Jdk jdk, Path dir) throws SQLException {
        Path db = dir.resolve("plain");
        ChildProcess plain = ChildJvm.on(jdk, dir, "plain")
                .classpath(classpath())
                .main(OrderDesk.class, args(db))
                .run(60);
        plain.assertExit(0, Apps.EXIT);
        assertEquals("0", plain.stdoutValue("ACTIVE "));
        Map<String, List<String>> rows = rows(db);
        assertEquals(ITEMS.length, rows.get("orders").size(), "the uncrashed run's orders: " + rows);
        return new Uncrashed(plain.stdoutValue("RESULT "), rows);
    }

    private static ChildJvm durable(Jdk jdk, Path dir, String name, Path db, Path journal) {
        return ChildJvm.on(jdk, dir, name)
                .agent("journal=" + journal, "recover=manual")
                .classpath(classpath())
                .main(OrderDesk.class, args(db));
    }

    /** The effect scenarios' class path, and SLF4J, which HikariCP logs through. */
    private static List<Path> classpath() {
        List<Path> cp = new ArrayList<>(ItEnv.effectsClasspath());
        ItEnv.compatLibraries().stream()
                .filter(p -> p.getFileName().toString().startsWith("slf4j-api-"))
                .forEach(cp::add);
        return cp;
    }

    private static String[] args(Path db) {
        String[] a = new String[ITEMS.length + 3];
        a[0] = url(db);
        a[1] = KEY;
        a[2] = CUSTOMER;
        System.arraycopy(ITEMS, 0, a, 3, ITEMS.length);
        return a;
    }

    /** H2 in file mode, writing each commit at once: by default it delays them, and a kill would lose them. */
    private static String url(Path db) {
        return "jdbc:h2:file:" + db.resolve("orders").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    /** Every row of both tables, in id order, as text. */
    private static Map<String, List<String>> rows(Path db) throws SQLException {
        Map<String, List<String>> tables = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url(db), "sa", "");
                Statement s = c.createStatement()) {
            tables.put("orders", rows(s, "SELECT id, customer, item, qty, status, invoice FROM orders ORDER BY id"));
            tables.put("invoices", rows(s, "SELECT id, customer, total, lines FROM invoices ORDER BY id"));
        }
        return tables;
    }

    private static List<String> rows(Statement s, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static List<JournalRecord> records(Path journal) throws Exception {
        List<JournalRecord> out = new ArrayList<>();
        JournalLog.scan(journal, (lsn, type, payload) -> out.add(RecordCodec.decode(type, payload)));
        return out;
    }
}
