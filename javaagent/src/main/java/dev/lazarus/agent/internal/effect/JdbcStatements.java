package dev.lazarus.agent.internal.effect;

/**
 * What the JDBC boundary keeps about the statements a durable execution uses, by statement object (compared
 * by identity, kept weakly): JDBC gives no way to read back a prepared statement's SQL or the parameters set
 * on it, so {@link JdbcStatementCompanion}s record them as they happen, and {@link JdbcStatementBoundary} reads
 * them when the statement is executed. A pool's proxy statement and the driver's statement behind it are two
 * entries; the boundary reads the one the application called.
 */
final class JdbcStatements {
    private final WeakIdentityMap<Object, StatementState> states = new WeakIdentityMap<>();

    /**
     * @param statement a statement
     * @return its state, made empty if it had none
     */
    StatementState of(Object statement) {
        return states.computeIfAbsent(statement, s -> new StatementState());
    }

    /**
     * @param statement a statement
     * @return its state, or {@code null} if nothing was recorded about it
     */
    StatementState find(Object statement) {
        return states.get(statement);
    }

    /** @return the number of statements with a state (for tests: states go with their statements) */
    int size() {
        return states.size();
    }
}
