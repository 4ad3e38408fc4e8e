package dev.lazarus.agent.internal.effect;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The results of one statement execution the journal holds, as the statement serves them afterwards: the
 * current result ({@code getResultSet} or {@code getUpdateCount}), the next ones ({@code getMoreResults}) and
 * the generated keys ({@code getGeneratedKeys}). The same {@link RecordedResultSet} object is the current
 * result for as long as it is current, as drivers do.
 *
 * <p>Journaled shape (part of the journal format, see {@link JdbcStatementBoundary}): {@code results} is a
 * list of update counts ({@code Long}) and result sets ({@link ResultSetData} maps), in the order the driver
 * gave them; {@code keys}, when the statement asked for generated keys, a result set.
 */
final class ServedResults {
    private final Statement statement;
    private final List<Object> results;
    private final Map<String, Object> keys;
    private final int type;
    private int current;
    private RecordedResultSet currentSet;

    /**
     * @param statement the statement, which the result sets name as theirs
     * @param data the execution's journaled data
     * @param type the result sets' type (forward-only or scrollable)
     */
    @SuppressWarnings("unchecked")
    ServedResults(Statement statement, Map<String, Object> data, int type) {
        this.statement = statement;
        Object r = data.get("results");
        this.results = r == null ? List.of() : (List<Object>) r;
        this.keys = (Map<String, Object>) data.get("keys");
        this.type = type;
    }

    /** @return the current result as a result set, or {@code null} if it is an update count or there is none */
    synchronized ResultSet resultSet() {
        if (current >= results.size() || !(results.get(current) instanceof Map<?, ?> m)) {
            return null;
        }
        if (currentSet == null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) m;
            currentSet = new RecordedResultSet(statement, data, type);
        }
        return currentSet;
    }

    /** @return the current result as an update count, or -1 if it is a result set or there is none */
    synchronized long updateCount() {
        if (current >= results.size() || !(results.get(current) instanceof Long n)) {
            return -1;
        }
        return n;
    }

    /**
     * Moves to the next result.
     *
     * @param closeCurrent whether the current result set closes ({@code Statement.CLOSE_CURRENT_RESULT}, the
     *     default) or stays open
     * @return whether the next result is a result set
     */
    synchronized boolean moreResults(boolean closeCurrent) {
        if (currentSet != null && closeCurrent) {
            currentSet.close();
        }
        currentSet = null;
        if (current < results.size()) {
            current++;
        }
        return current < results.size() && results.get(current) instanceof Map;
    }

    /** @return the generated keys: an empty result set when the statement asked for none */
    synchronized ResultSet generatedKeys() {
        return new RecordedResultSet(
                statement, keys == null ? ResultSetData.empty() : keys, ResultSet.TYPE_FORWARD_ONLY);
    }

    /** The statement ran again or closed: its result sets close, as a driver's do. */
    synchronized void close() {
        if (currentSet != null) {
            currentSet.close();
        }
    }
}
