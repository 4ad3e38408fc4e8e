package dev.lazarus.agent.internal.effect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JDBC statement execution: {@code execute}, {@code executeQuery}, {@code executeUpdate},
 * {@code executeLargeUpdate} with SQL (and generated-keys arguments) on any {@code Statement}, their no-argument
 * forms on any {@code PreparedStatement} (callable statements included), and {@code executeBatch} /
 * {@code executeLargeBatch}. One instance per method, since the hook passes no method name and their answers
 * differ in type; each is its own boundary in the journal ({@code jdbc:executeUpdate}...).
 *
 * <p>Why the boundary is the execution and not the connection or the driver's socket: the statement is the
 * unit the user reasons about, its request (SQL and parameters) is plain data to compare on replay, and its
 * outcome (rows, update counts, generated keys) can be materialised and served without a database.
 * Connections, statements and {@code close()} stay live resources in the body on replay too: a pool hands out
 * a connection and takes it back; no statement reaches the database.
 *
 * <p>Implementations are woven by supertype ({@code java/sql/Statement}, {@code java/sql/PreparedStatement}):
 * the driver's statements and a pool's proxies of them alike. The outermost woven call (the pool's proxy the
 * application holds) owns the effect; the calls it makes into the driver's statement run as written. Driver
 * objects are reached through the JDBC interfaces only.
 *
 * <p>The SQL of a prepared statement and its parameters are recorded as the application prepares it and sets
 * them ({@link JdbcStatementCompanion}), since JDBC cannot read them back. The request's digest is the SQL,
 * the parameters' values (see {@link StatementState}) and, for a batch, each statement of it.
 *
 * <p>Results are read whole live ({@link ResultSetData}) and the caller gets a {@link RecordedResultSet} built
 * from the journaled data, live and on replay alike. Journaled shape (part of the journal format): a map with
 * {@code sql} (the statement's SQL, or {@code null} when it was prepared outside the execution), and either
 * {@code results} (see {@link ServedResults}) and {@code keys}, or {@code batch} (a {@code long[]} of update
 * counts) and {@code keys}.
 *
 * <p>Refused, before anything runs or is journaled: a statement on a connection in a transaction
 * ({@code autoCommit} off, {@code LAZ-224}): the journal would hold statements the database rolls back when
 * the process dies before the commit; a result set the statement was made updatable for ({@code LAZ-222}).
 */
final class JdbcStatementBoundary implements EffectBoundary {
    private static final String STATEMENT = "java/sql/Statement";
    private static final String PREPARED = "java/sql/PreparedStatement";
    private static final String SQL = "Ljava/lang/String;";

    /** The woven execution methods. */
    enum Kind {
        EXECUTE("execute", "Z"),
        EXECUTE_QUERY("executeQuery", "Ljava/sql/ResultSet;"),
        EXECUTE_UPDATE("executeUpdate", "I"),
        EXECUTE_LARGE_UPDATE("executeLargeUpdate", "J"),
        EXECUTE_BATCH("executeBatch", "[I"),
        EXECUTE_LARGE_BATCH("executeLargeBatch", "[J");

        final String method;
        final String returns;

        Kind(String method, String returns) {
            this.method = method;
            this.returns = returns;
        }

        boolean batched() {
            return this == EXECUTE_BATCH || this == EXECUTE_LARGE_BATCH;
        }
    }

    private final Kind kind;
    private final JdbcStatements statements;

    JdbcStatementBoundary(Kind kind, JdbcStatements statements) {
        this.kind = kind;
        this.statements = statements;
    }

    /**
     * @param statements the state shared with the companions
     * @return a boundary per execution method
     */
    static List<EffectBoundary> all(JdbcStatements statements) {
        List<EffectBoundary> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            all.add(new JdbcStatementBoundary(k, statements));
        }
        return all;
    }

    @Override
    public String id() {
        return "jdbc:" + kind.method;
    }

    @Override
    public List<WovenMethod> methods() {
        List<WovenMethod> methods = new ArrayList<>();
        String r = kind.returns;
        switch (kind) {
            case EXECUTE, EXECUTE_UPDATE, EXECUTE_LARGE_UPDATE -> {
                methods.add(woven(STATEMENT, "(" + SQL + ")" + r));
                methods.add(woven(STATEMENT, "(" + SQL + "I)" + r));
                methods.add(woven(STATEMENT, "(" + SQL + "[I)" + r));
                methods.add(woven(STATEMENT, "(" + SQL + "[" + SQL + ")" + r));
                methods.add(woven(PREPARED, "()" + r));
            }
            case EXECUTE_QUERY -> {
                methods.add(woven(STATEMENT, "(" + SQL + ")" + r));
                methods.add(woven(PREPARED, "()" + r));
            }
            case EXECUTE_BATCH, EXECUTE_LARGE_BATCH -> methods.add(woven(STATEMENT, "()" + r));
        }
        return methods;
    }

    private WovenMethod woven(String supertype, String descriptor) {
        return new WovenMethod(Set.of(supertype), kind.method, descriptor);
    }

    @Override
    public void admit(Object receiver, Object[] args) throws SQLException {
        Statement s = (Statement) receiver;
        Connection c = s.getConnection();
        if (c != null && !c.getAutoCommit()) {
            throw new SQLFeatureNotSupportedException(
                    "LAZ-224: " + kind.method + " at " + CallSiteOfWoven.of(kind.method)
                            + " on a connection in a transaction (autoCommit off) in a durable execution: the journal would hold statements the database rolls back if the"
                            + " process dies before the commit; run it with autoCommit on (each statement is then"
                            + " journaled as it commits). Statement: " + describe(receiver, args),
                    "0A000");
        }
        if (s.getResultSetConcurrency() == ResultSet.CONCUR_UPDATABLE) {
            throw new SQLFeatureNotSupportedException(
                    "LAZ-222: " + kind.method + " at " + CallSiteOfWoven.of(kind.method)
                            + " of a statement made for updatable result sets in a durable execution: results are served from the journal and cannot write back; make the"
                            + " statement CONCUR_READ_ONLY and write with UPDATE statements. Statement: "
                            + describe(receiver, args),
                    "0A000");
        }
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) {
        RequestDigest digest = new RequestDigest().text(kind.method);
        if (args.length > 0) {
            digest.text((String) args[0]);
            if (args.length > 1) {
                digest.text(keysText(args[1]));
            }
        } else {
            StatementState state = statements.find(receiver);
            if (state == null) {
                digest.text(null);
            } else {
                state.digest(digest, kind.batched());
            }
        }
        return new EffectRequest(describe(receiver, args), digest.value());
    }

    /** What {@code show} and divergence messages print: the method, the SQL and how many parameters. */
    private String describe(Object receiver, Object[] args) {
        if (args.length > 0) {
            return kind.method + " " + args[0];
        }
        StatementState state = statements.find(receiver);
        String sql = state == null ? null : state.sql();
        String text = sql != null ? sql : "(SQL not seen: the statement was prepared outside the execution)";
        if (state == null) {
            return kind.method + " " + text;
        }
        int n = state.count(kind.batched());
        return kind.method + " " + text + (kind.batched() ? " (batch of " + n + ")" : " (" + n + " parameters)");
    }

    private static String keysText(Object request) {
        if (request instanceof int[] columns) {
            return "keys:" + java.util.Arrays.toString(columns);
        }
        if (request instanceof String[] columns) {
            return "keys:" + java.util.Arrays.toString(columns);
        }
        return "keys:" + request;
    }

    @Override
    public Performed perform(Object receiver, Object[] args) throws Throwable {
        Statement s = (Statement) receiver;
        StatementState state = statements.of(receiver);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sql", args.length > 0 ? args[0] : state.sql());
        if (kind.batched()) {
            data.put("batch", runBatch(s));
        } else {
            data.put("results", run(s, args));
        }
        if (args.length > 1 ? StatementState.asksForKeys(args[1]) : state.keysRequested()) {
            try (ResultSet keys = s.getGeneratedKeys()) {
                data.put("keys", ResultSetData.read(keys));
            }
        }
        return new Performed(data, answer(receiver, args, data));
    }

    /** Runs the statement (the nested entry proceeds) and reads every result it gives, in order. */
    private List<Object> run(Statement s, Object[] args) throws SQLException {
        List<Object> results = new ArrayList<>();
        switch (kind) {
            case EXECUTE_QUERY -> {
                try (ResultSet rs =
                        args.length == 0 ? ((PreparedStatement) s).executeQuery() : s.executeQuery((String) args[0])) {
                    results.add(ResultSetData.read(rs));
                }
            }
            case EXECUTE_UPDATE -> results.add((long) update(s, args));
            case EXECUTE_LARGE_UPDATE -> results.add(largeUpdate(s, args));
            case EXECUTE -> {
                boolean isResultSet = execute(s, args);
                while (true) {
                    if (isResultSet) {
                        try (ResultSet rs = s.getResultSet()) {
                            results.add(ResultSetData.read(rs));
                        }
                    } else {
                        long count = s.getUpdateCount();
                        if (count == -1) {
                            break;
                        }
                        results.add(count);
                    }
                    isResultSet = s.getMoreResults();
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return results;
    }

    private static boolean execute(Statement s, Object[] args) throws SQLException {
        if (args.length == 0) {
            return ((PreparedStatement) s).execute();
        }
        String sql = (String) args[0];
        if (args.length == 1) {
            return s.execute(sql);
        }
        if (args[1] instanceof Integer keys) {
            return s.execute(sql, keys);
        }
        if (args[1] instanceof int[] columns) {
            return s.execute(sql, columns);
        }
        return s.execute(sql, (String[]) args[1]);
    }

    private static int update(Statement s, Object[] args) throws SQLException {
        if (args.length == 0) {
            return ((PreparedStatement) s).executeUpdate();
        }
        String sql = (String) args[0];
        if (args.length == 1) {
            return s.executeUpdate(sql);
        }
        if (args[1] instanceof Integer keys) {
            return s.executeUpdate(sql, keys);
        }
        if (args[1] instanceof int[] columns) {
            return s.executeUpdate(sql, columns);
        }
        return s.executeUpdate(sql, (String[]) args[1]);
    }

    private static long largeUpdate(Statement s, Object[] args) throws SQLException {
        if (args.length == 0) {
            return ((PreparedStatement) s).executeLargeUpdate();
        }
        String sql = (String) args[0];
        if (args.length == 1) {
            return s.executeLargeUpdate(sql);
        }
        if (args[1] instanceof Integer keys) {
            return s.executeLargeUpdate(sql, keys);
        }
        if (args[1] instanceof int[] columns) {
            return s.executeLargeUpdate(sql, columns);
        }
        return s.executeLargeUpdate(sql, (String[]) args[1]);
    }

    private long[] runBatch(Statement s) throws SQLException {
        if (kind == Kind.EXECUTE_LARGE_BATCH) {
            return s.executeLargeBatch();
        }
        int[] counts = s.executeBatch();
        long[] out = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object answer(Object receiver, Object[] args, Object data) throws SQLException {
        Statement s = (Statement) receiver;
        Map<String, Object> execution = (Map<String, Object>) data;
        StatementState state = statements.of(receiver);
        ServedResults served = new ServedResults(s, execution, s.getResultSetType());
        state.served(served);
        if (kind.batched()) {
            state.clearBatch(); // executeBatch empties the batch, whether it ran or was answered
            long[] counts = (long[]) execution.get("batch");
            if (kind == Kind.EXECUTE_LARGE_BATCH) {
                return counts.clone();
            }
            int[] out = new int[counts.length];
            for (int i = 0; i < counts.length; i++) {
                out[i] = (int) counts[i];
            }
            return out;
        }
        return switch (kind) {
            case EXECUTE_QUERY -> served.resultSet();
            case EXECUTE_UPDATE -> (int) served.updateCount();
            case EXECUTE_LARGE_UPDATE -> served.updateCount();
            case EXECUTE -> served.resultSet() != null;
            default -> throw new IllegalStateException(kind.toString());
        };
    }
}
