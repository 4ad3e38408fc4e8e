package dev.lazarus.bench.apps;

import dev.lazarus.Durable;
import dev.lazarus.ExecutionKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One journaled JDBC statement: a durable body prepares an {@code INSERT} with two parameters on an in-memory H2
 * database, sets them and executes it, {@code n} times; the same code without the agent is the baseline. With the
 * agent each execution is an effect at the JDBC boundary (SQL and parameters digested, the update count journaled)
 * and, in {@code fsync} mode, one journal sync. The database is in memory so that the figure is the agent's cost
 * and the disk's, not the database's writes.
 *
 * <p>{@code JdbcStatementApp N WARM_EXECUTIONS WARM_N [FLOOR_DIR FLOOR_OPS]}: warms up with WARM_EXECUTIONS
 * executions of WARM_N statements (concurrently, so that {@code fsync} mode shares syncs), then runs one of N
 * statements and prints {@code total.per_statement_us} (its wall time, start and finish records included, over
 * N) and {@code statement.*}, the percentiles of the gaps between consecutive statements (prepare, set, execute,
 * close; stamped through {@link Stamps}, a static call outside the body, which the agent recomputes); with FLOOR_DIR, also the
 * disk's fsync floor measured right before and after ({@code floor.*}).
 *
 * <p>Figure 11 of bench/REPORT.md runs it ({@code bench/run.sh --only=11}); by hand:
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * CP="$(cat bench/target/bench-classpath.txt):bench/target/classes"
 * java -cp "$CP" dev.lazarus.bench.apps.JdbcStatementApp 2000 4 500 /tmp/floor 500          # without the agent
 * java -javaagent:javaagent/target/lazarus-agent.jar=journal=/tmp/j,durability=fsync \
 *      -cp "$CP" dev.lazarus.bench.apps.JdbcStatementApp 2000 4 500 /tmp/floor 500          # journaled, fsync
 * </pre>
 */
public class JdbcStatementApp {
    private final Connection connection;

    JdbcStatementApp(Connection connection) {
        this.connection = connection;
    }

    @Durable
    public int run(@ExecutionKey String key, int n) throws SQLException {
        int written = 0;
        for (int i = 0; i < n; i++) {
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO events (k, v) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setInt(2, i);
                written += ps.executeUpdate();
            }
            Stamps.stamp();
        }
        return written;
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int warm = Integer.parseInt(args[1]);
        int warmN = Integer.parseInt(args[2]);
        String nonce = Long.toString(System.nanoTime(), 36);
        String url = "jdbc:h2:mem:bench-" + nonce + ";DB_CLOSE_DELAY=-1";
        try (Connection setup = DriverManager.getConnection(url, "sa", "");
                Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(64), v INT)");
        }
        Thread[] warmers = new Thread[warm];
        for (int w = 0; w < warm; w++) {
            String key = "warm-" + w + "-" + nonce;
            warmers[w] = new Thread(
                    () -> {
                        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                            new JdbcStatementApp(c).run(key, warmN);
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "warm-" + w);
            warmers[w].start();
        }
        for (Thread t : warmers) {
            t.join();
        }
        Path floorDir = args.length > 3 ? Path.of(args[3]) : null;
        int floorOps = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            JdbcStatementApp app = new JdbcStatementApp(c);
            long[] before = floorDir == null ? new long[0] : Floor.measure(floorDir, true, floorOps);
            Stamps.reset(n);
            long t0 = System.nanoTime();
            int written = app.run("measured-" + nonce, n);
            long elapsed = System.nanoTime() - t0;
            if (floorDir != null) {
                Floor.report(before, Floor.measure(floorDir, true, floorOps));
            }
            long[] gaps = Stamps.gaps();
            Out.percentiles("statement", gaps, gaps.length);
            Out.result("total.per_statement_us", Out.fmt(elapsed / 1000.0 / n));
            Out.result("written", written);
        }
    }
}
