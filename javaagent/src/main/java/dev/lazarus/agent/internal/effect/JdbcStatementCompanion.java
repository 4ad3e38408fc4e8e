package dev.lazarus.agent.internal.effect;

import dev.lazarus.agent.bridge.Bridge;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Type;

/**
 * The methods the JDBC boundary must see besides statement execution ({@link JdbcStatementBoundary}), one
 * companion per kind of method: JDBC offers no way to read back what a prepared statement was prepared with or
 * which parameters were set on it, and after an execution answered from the journal the driver's statement
 * knows nothing of its results.
 *
 * <ul>
 *   <li>{@code DataSource.getConnection}: the connection is taken as written (the companion calls the method
 *       again), and statements a pool runs meanwhile on its own account (HikariCP's {@code connectionTestQuery},
 *       a validation query on borrow) are not effects of the execution: whether a pool runs them depends on
 *       timing (how long the connection was idle), so journaling them would make replay diverge;
 *   <li>{@code Connection.prepareStatement} and {@code prepareCall}: the statement is made as written (the
 *       companion calls the method again), and its SQL and generated-keys request are kept for it;
 *   <li>the {@code set*} methods of {@code PreparedStatement} (by index) and {@code CallableStatement} (by name),
 *       {@code setNull}, {@code clearParameters}, {@code addBatch} and {@code clearBatch}: recorded, then run as
 *       written (the driver must have them too: live, it sends them);
 *   <li>{@code getResultSet}, {@code getUpdateCount}, {@code getLargeUpdateCount}, {@code getMoreResults} and
 *       {@code getGeneratedKeys}: answered from the results of the statement's last execution the journal
 *       holds; run as written for a statement whose execution the journal does not hold;
 *   <li>{@code CallableStatement.registerOutParameter}: refused ({@code LAZ-223}) before the call runs, since
 *       OUT parameters are not journaled and could not be served on replay.
 * </ul>
 */
final class JdbcStatementCompanion implements BoundaryCompanion {
    private static final String CONNECTION = "java/sql/Connection";
    private static final String STATEMENT = "java/sql/Statement";
    private static final String PREPARED = "java/sql/PreparedStatement";
    private static final String CALLABLE = "java/sql/CallableStatement";
    private static final String DATA_SOURCE = "javax/sql/DataSource";

    /** What a companion does. */
    enum Kind {
        GET_CONNECTION,
        PREPARE_STATEMENT,
        PREPARE_CALL,
        SET_PARAMETER,
        SET_NULL,
        CLEAR_PARAMETERS,
        ADD_BATCH,
        CLEAR_BATCH,
        GET_RESULT_SET,
        GET_UPDATE_COUNT,
        GET_LARGE_UPDATE_COUNT,
        GET_MORE_RESULTS,
        GET_GENERATED_KEYS,
        REGISTER_OUT_PARAMETER
    }

    private final Kind kind;
    private final List<WovenMethod> methods;
    private final JdbcStatements statements;

    private JdbcStatementCompanion(Kind kind, List<WovenMethod> methods, JdbcStatements statements) {
        this.kind = kind;
        this.methods = List.copyOf(methods);
        this.statements = statements;
    }

    /**
     * @param statements the state shared with the boundary
     * @return every companion of the JDBC boundary
     */
    static List<BoundaryCompanion> all(JdbcStatements statements) {
        List<BoundaryCompanion> all = new ArrayList<>();
        for (Kind k : Kind.values()) {
            all.add(new JdbcStatementCompanion(k, methodsOf(k), statements));
        }
        return all;
    }

    /** The woven methods of a kind, read from the JDBC interfaces themselves so no overload is missed. */
    private static List<WovenMethod> methodsOf(Kind kind) {
        return switch (kind) {
            case GET_CONNECTION ->
                declared(
                        javax.sql.DataSource.class,
                        DATA_SOURCE,
                        m -> m.getName().equals("getConnection"));
            case PREPARE_STATEMENT ->
                declared(Connection.class, CONNECTION, m -> m.getName().equals("prepareStatement"));
            case PREPARE_CALL ->
                declared(Connection.class, CONNECTION, m -> m.getName().equals("prepareCall"));
            case SET_PARAMETER -> {
                List<WovenMethod> all =
                        new ArrayList<>(declared(PreparedStatement.class, PREPARED, m -> isSetter(m, int.class)));
                all.addAll(declared(CallableStatement.class, CALLABLE, m -> isSetter(m, String.class)));
                yield all;
            }
            case SET_NULL -> {
                List<WovenMethod> all = new ArrayList<>(declared(
                        PreparedStatement.class, PREPARED, m -> m.getName().equals("setNull")));
                all.addAll(declared(
                        CallableStatement.class, CALLABLE, m -> m.getName().equals("setNull")));
                yield all;
            }
            case CLEAR_PARAMETERS ->
                declared(PreparedStatement.class, PREPARED, m -> m.getName().equals("clearParameters"));
            case ADD_BATCH -> {
                List<WovenMethod> all = new ArrayList<>(declared(
                        PreparedStatement.class, PREPARED, m -> m.getName().equals("addBatch")));
                all.addAll(declared(Statement.class, STATEMENT, m -> m.getName().equals("addBatch")));
                yield all;
            }
            case CLEAR_BATCH ->
                declared(Statement.class, STATEMENT, m -> m.getName().equals("clearBatch"));
            case GET_RESULT_SET ->
                declared(Statement.class, STATEMENT, m -> m.getName().equals("getResultSet"));
            case GET_UPDATE_COUNT ->
                declared(Statement.class, STATEMENT, m -> m.getName().equals("getUpdateCount"));
            case GET_LARGE_UPDATE_COUNT ->
                declared(Statement.class, STATEMENT, m -> m.getName().equals("getLargeUpdateCount"));
            case GET_MORE_RESULTS ->
                declared(Statement.class, STATEMENT, m -> m.getName().equals("getMoreResults"));
            case GET_GENERATED_KEYS ->
                declared(Statement.class, STATEMENT, m -> m.getName().equals("getGeneratedKeys"));
            case REGISTER_OUT_PARAMETER ->
                declared(CallableStatement.class, CALLABLE, m -> m.getName().equals("registerOutParameter"));
        };
    }

    /** A {@code set*} method taking the parameter's index (or name) and its value, but not {@code setNull}. */
    private static boolean isSetter(Method m, Class<?> key) {
        return m.getName().startsWith("set")
                && !m.getName().equals("setNull")
                && m.getReturnType() == void.class
                && m.getParameterCount() >= 2
                && m.getParameterTypes()[0] == key;
    }

    private static List<WovenMethod> declared(
            Class<?> type, String internalName, java.util.function.Predicate<Method> which) {
        List<WovenMethod> out = new ArrayList<>();
        Method[] ms = type.getDeclaredMethods();
        Arrays.sort(ms, java.util.Comparator.comparing(Type::getMethodDescriptor)); // a stable order
        for (Method m : ms) {
            if (!Modifier.isStatic(m.getModifiers()) && which.test(m)) {
                out.add(new WovenMethod(Set.of(internalName), m.getName(), Type.getMethodDescriptor(m)));
            }
        }
        return out;
    }

    @Override
    public String id() {
        return "jdbc:"
                + switch (kind) {
                    case GET_CONNECTION -> "getConnection";
                    case PREPARE_STATEMENT -> "prepareStatement";
                    case PREPARE_CALL -> "prepareCall";
                    case SET_PARAMETER -> "setParameter";
                    case SET_NULL -> "setNull";
                    case CLEAR_PARAMETERS -> "clearParameters";
                    case ADD_BATCH -> "addBatch";
                    case CLEAR_BATCH -> "clearBatch";
                    case GET_RESULT_SET -> "getResultSet";
                    case GET_UPDATE_COUNT -> "getUpdateCount";
                    case GET_LARGE_UPDATE_COUNT -> "getLargeUpdateCount";
                    case GET_MORE_RESULTS -> "getMoreResults";
                    case GET_GENERATED_KEYS -> "getGeneratedKeys";
                    case REGISTER_OUT_PARAMETER -> "registerOutParameter";
                };
    }

    @Override
    public List<WovenMethod> methods() {
        return methods;
    }

    @Override
    public Object enter(Object receiver, Object[] args) throws Throwable {
        switch (kind) {
            case GET_CONNECTION -> {
                javax.sql.DataSource ds = (javax.sql.DataSource) receiver;
                return args.length == 0 ? ds.getConnection() : ds.getConnection((String) args[0], (String) args[1]);
            }
            case PREPARE_STATEMENT, PREPARE_CALL -> {
                Statement made = prepare((Connection) receiver, args);
                if (made != null) {
                    statements.of(made).prepared((String) args[0], keysRequest(args));
                }
                return made;
            }
            case SET_PARAMETER ->
                statements.of(receiver).parameter(args[0], args[1], Arrays.copyOfRange(args, 2, args.length));
            case SET_NULL -> statements.of(receiver).nullParameter(args[0], args[1]);
            case CLEAR_PARAMETERS -> statements.of(receiver).clearParameters();
            case ADD_BATCH -> {
                if (args.length == 0) {
                    statements.of(receiver).addBatch();
                } else {
                    statements.of(receiver).addBatch((String) args[0]);
                }
            }
            case CLEAR_BATCH -> statements.of(receiver).clearBatch();
            case REGISTER_OUT_PARAMETER ->
                throw new SQLFeatureNotSupportedException(
                        "LAZ-223: registerOutParameter at " + CallSiteOfWoven.of("registerOutParameter")
                                + " in a durable execution: OUT parameters of a callable statement"
                                + " are not journaled and could not be served on replay; return the values as a"
                                + " result set (a SELECT, or a procedure that returns rows)",
                        "0A000");
            default -> {
                return served(receiver, args);
            }
        }
        return Bridge.PROCEED;
    }

    /** Answers a statement's result getters from its last journaled execution, if the journal holds it. */
    private Object served(Object receiver, Object[] args) {
        StatementState state = statements.find(receiver);
        ServedResults served = state == null ? null : state.served();
        if (served == null) {
            return Bridge.PROCEED;
        }
        return switch (kind) {
            case GET_RESULT_SET -> served.resultSet();
            case GET_UPDATE_COUNT -> (int) served.updateCount();
            case GET_LARGE_UPDATE_COUNT -> served.updateCount();
            case GET_MORE_RESULTS ->
                served.moreResults(args.length == 0 || (Integer) args[0] == Statement.CLOSE_CURRENT_RESULT);
            case GET_GENERATED_KEYS -> served.generatedKeys();
            default -> throw new IllegalStateException(kind.toString());
        };
    }

    /** Calls the woven method again: the nested entry proceeds, so the connection makes the statement. */
    private Statement prepare(Connection c, Object[] args) throws Throwable {
        String sql = (String) args[0];
        boolean call = kind == Kind.PREPARE_CALL;
        return switch (args.length) {
            case 1 -> call ? c.prepareCall(sql) : c.prepareStatement(sql);
            case 2 -> {
                if (args[1] instanceof Integer keys) {
                    yield c.prepareStatement(sql, keys);
                }
                if (args[1] instanceof int[] columns) {
                    yield c.prepareStatement(sql, columns);
                }
                yield c.prepareStatement(sql, (String[]) args[1]);
            }
            case 3 ->
                call
                        ? c.prepareCall(sql, (Integer) args[1], (Integer) args[2])
                        : c.prepareStatement(sql, (Integer) args[1], (Integer) args[2]);
            default ->
                call
                        ? c.prepareCall(sql, (Integer) args[1], (Integer) args[2], (Integer) args[3])
                        : c.prepareStatement(sql, (Integer) args[1], (Integer) args[2], (Integer) args[3]);
        };
    }

    /** The generated-keys request of a {@code prepareStatement} call, or {@code null}. */
    private static Object keysRequest(Object[] args) {
        return args.length == 2 ? args[1] : null;
    }
}
