package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.NonDeterminismException;
import dev.lazarus.agent.bridge.Bridge;
import dev.lazarus.agent.internal.effect.BoundaryWeaver;
import dev.lazarus.agent.internal.effect.EffectCatalog;
import dev.lazarus.store.record.StepRecorded;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC boundary on a real driver whose classes the catalog weaves, as the agent does: H2 (in memory, kept
 * across the engine's restarts as a database outlives a process) is loaded through a loader that applies the
 * {@link BoundaryWeaver}, and the woven hooks reach this test's engine through the bridge. The body prepares
 * statements, sets parameters and reads generated keys and rows; after a restart the statements are answered
 * from the journal (the database sees each once), and a parameter set differently on replay is a divergence,
 * which it can only be if the parameters set on a prepared statement are recorded.
 */
class JdbcBoundaryTest extends EngineTestBase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final TestSite HANG = TestSite.of(World.Service.class, "hang", "Orders.java", 30);

    private final String url = "jdbc:h2:mem:boundary" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    private ClassLoader loader;
    private Driver driver;

    /** Loads H2 and HikariCP itself (not from the parent) and weaves them with the standard catalog. */
    private static final class WeavingLoader extends URLClassLoader {
        private final BoundaryWeaver weaver = new BoundaryWeaver(EffectCatalog.standard());

        WeavingLoader(URL driverJar, ClassLoader parent) {
            super(new URL[] {driverJar}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("org.h2.") && !name.startsWith("com.zaxxer.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try (InputStream in = getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                byte[] woven = weaver.weave(this, bytes);
                byte[] defined = woven == null ? bytes : woven;
                return defineClass(name, defined, 0, defined.length);
            } catch (java.io.IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    @BeforeEach
    void wovenDriver() throws Exception {
        URL jar = org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        loader = new WeavingLoader(jar, getClass().getClassLoader());
        driver = (Driver) Class.forName("org.h2.Driver", true, loader)
                .getDeclaredConstructor()
                .newInstance();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(20), qty INT)");
        }
        Bridge.install(h.engine());
    }

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        return driver.connect(url, p);
    }

    private void restart() throws InterruptedException {
        h.restart();
        Bridge.install(h.engine());
    }

    /** How many orders the database holds: what the outside world saw. */
    private int orders() throws SQLException {
        Bridge.install(null); // the test's own look, outside any execution
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getInt(1);
        } finally {
            Bridge.install(h.engine());
        }
    }

    /** A durable body with JDBC written as users write it; may hang after its statements. */
    final class Orders {
        final TestDurable run = TestDurable.of(Orders.class, "place", 0);
        final World.Service service = world.new Service();
        String item = "apple";
        boolean hang = true;

        String place(String key) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, key);
            }
            long id;
            try (Connection c = connect();
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO orders (item, qty) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, item);
                ps.setInt(2, item.length());
                assertEquals(1, ps.executeUpdate());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            String row;
            try (Connection c = connect();
                    PreparedStatement ps = c.prepareStatement("SELECT item, qty FROM orders WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    row = rs.getString("item") + "x" + rs.getInt("qty");
                }
            }
            if (hang) {
                HANG.call(h.engine(), service, key);
            }
            return id + ":" + row;
        }
    }

    @Test
    void statementsAreJournaledWithTheirResultsAndAnsweredAfterARestart() throws Throwable {
        Orders orders = new Orders();
        world.awaitHanging(h.start(() -> orders.place("o-1")));
        assertEquals(1, orders());
        List<String> callees =
                h.records(StepRecorded.class).stream().map(StepRecorded::callee).toList();
        assertEquals(List.of("jdbc:executeUpdate", "jdbc:executeQuery"), callees.subList(0, 2));

        restart();
        orders.hang = false;
        String result = orders.place("o-1");

        assertEquals(1, orders(), "the insert was answered from the journal, not run again");
        assertEquals("1:applex5", result, "generated key and rows served from the journal");
    }

    /** A batch of a prepared statement, then a plain statement's {@code execute} read through its results. */
    final class Batch {
        final TestDurable run = TestDurable.of(Batch.class, "load", 0);
        final World.Service service = world.new Service();
        boolean hang = true;

        String load(String key) throws Throwable {
            if (!h.engine().enterBody()) {
                return (String) run.call(h.engine(), this, key);
            }
            StringBuilder out = new StringBuilder();
            try (Connection c = connect()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO orders (item, qty) VALUES (?, ?)")) {
                    for (String item : List.of("fig", "kiwi")) {
                        ps.setString(1, item);
                        ps.setInt(2, item.length());
                        ps.addBatch();
                    }
                    out.append(java.util.Arrays.toString(ps.executeBatch()));
                }
                try (Statement s = c.createStatement()) {
                    boolean rows = s.execute("SELECT item, qty FROM orders ORDER BY id");
                    while (rows || s.getUpdateCount() != -1) {
                        if (rows) {
                            try (ResultSet rs = s.getResultSet()) {
                                while (rs.next()) {
                                    out.append(' ').append(rs.getString(1)).append(rs.getInt(2));
                                }
                            }
                        }
                        rows = s.getMoreResults();
                    }
                }
            }
            if (hang) {
                HANG.call(h.engine(), service, key);
            }
            return out.toString();
        }
    }

    @Test
    void aBatchAndAStatementsResultsAreAnsweredAfterARestart() throws Throwable {
        Batch batch = new Batch();
        world.awaitHanging(h.start(() -> batch.load("b-1")));
        assertEquals(2, orders());
        assertEquals(
                List.of("jdbc:executeBatch", "jdbc:execute"),
                h.records(StepRecorded.class).stream()
                        .map(StepRecorded::callee)
                        .toList()
                        .subList(0, 2));

        restart();
        batch.hang = false;
        String result = batch.load("b-1");

        assertEquals(2, orders(), "the batch was answered from the journal, not run again");
        assertEquals("[1, 1] fig3 kiwi4", result);
    }

    @Test
    void aParameterSetDifferentlyOnReplayIsADivergence() throws Throwable {
        Orders orders = new Orders();
        world.awaitHanging(h.start(() -> orders.place("o-2")));

        restart();
        orders.hang = false;
        orders.item = "pears"; // the same SQL, another value set on the prepared statement
        NonDeterminismException e = assertThrows(NonDeterminismException.class, () -> orders.place("o-2"));

        assertTrue(e.getMessage().contains("INSERT INTO orders"), e.getMessage());
        assertEquals(1, orders(), "the diverging insert did not reach the database");
    }

    /**
     * A HikariCP pool (woven too) that validates each connection it hands out with a test query: whether it
     * does depends on how long the connection was idle, so those statements are the pool's, not effects of
     * the execution; only the body's own statements are steps.
     */
    @Test
    void statementsAPoolRunsWhileHandingOutAConnectionAreNotEffects() throws Throwable {
        Class<?> h2Source = Class.forName("org.h2.jdbcx.JdbcDataSource", true, loader);
        Object target = h2Source.getDeclaredConstructor().newInstance();
        h2Source.getMethod("setURL", String.class).invoke(target, url);
        h2Source.getMethod("setUser", String.class).invoke(target, "sa");
        Class<?> configClass = Class.forName("com.zaxxer.hikari.HikariConfig", true, loader);
        Object config = configClass.getDeclaredConstructor().newInstance();
        configClass.getMethod("setDataSource", javax.sql.DataSource.class).invoke(config, target);
        configClass.getMethod("setConnectionTestQuery", String.class).invoke(config, "SELECT 1");
        configClass.getMethod("setMaximumPoolSize", int.class).invoke(config, 1);
        String bypass = "com.zaxxer.hikari.aliveBypassWindowMs";
        System.setProperty(bypass, "0"); // the pool validates a connection every time it hands it out
        try (AutoCloseable pool = (AutoCloseable) Class.forName("com.zaxxer.hikari.HikariDataSource", true, loader)
                .getConstructor(configClass)
                .newInstance(config)) {
            pooled = (javax.sql.DataSource) pool;
            TestDurable run = TestDurable.of(JdbcBoundaryTest.class, "twoInserts", 0);
            assertEquals(2, run.call(h.engine(), this, "p-1"));
        } finally {
            System.clearProperty(bypass);
        }
        assertEquals(
                List.of("jdbc:executeUpdate", "jdbc:executeUpdate"),
                h.records(StepRecorded.class).stream().map(StepRecorded::callee).toList());
    }

    /** The pool {@link #twoInserts} takes connections from, as a body's service in a field. */
    private javax.sql.DataSource pooled;

    /** A durable body taking a pooled connection for each of two inserts. */
    int twoInserts(String key) throws Throwable {
        if (!h.engine().enterBody()) {
            return (Integer)
                    TestDurable.of(JdbcBoundaryTest.class, "twoInserts", 0).call(h.engine(), this, key);
        }
        javax.sql.DataSource ds = pooled;
        int n = 0;
        for (String item : List.of("fig", "kiwi")) {
            Thread.sleep(20); // (not a durable timer: test bodies are not rewritten) the connection idles, and is
            // validated when it is handed out again
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO orders (item, qty) VALUES (?, 1)")) {
                ps.setString(1, item);
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    @Test
    void outsideAnExecutionTheDriverRunsAsWritten() throws Throwable {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO orders (item, qty) VALUES (?, ?)")) {
            ps.setString(1, "fig");
            ps.setInt(2, 3);
            ps.executeUpdate();
        }
        assertEquals(1, orders());
        assertEquals(List.of(), h.records(StepRecorded.class));
    }

    @Test
    void aStatementInATransactionIsRefusedBeforeItRuns() throws Throwable {
        TestDurable run = TestDurable.of(JdbcBoundaryTest.class, "inTransaction", 0);
        Object result = run.call(h.engine(), this, "t-1");
        assertTrue(
                String.valueOf(result).startsWith("LAZ-224: executeUpdate at JdbcBoundaryTest.java:"),
                String.valueOf(result));
        assertEquals(0, orders(), "nothing reached the database");
    }

    /** A durable body that opens a transaction; returns what the statement threw. */
    String inTransaction(String key) throws Throwable {
        if (!h.engine().enterBody()) {
            return (String)
                    TestDurable.of(JdbcBoundaryTest.class, "inTransaction", 0).call(h.engine(), this, key);
        }
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO orders (item, qty) VALUES ('x', 1)")) {
            c.setAutoCommit(false);
            ps.executeUpdate();
            c.commit();
            return "ran";
        } catch (SQLFeatureNotSupportedException e) {
            return e.getMessage();
        }
    }
}
