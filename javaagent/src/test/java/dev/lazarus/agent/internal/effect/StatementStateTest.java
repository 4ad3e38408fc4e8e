package dev.lazarus.agent.internal.effect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/**
 * The request of a prepared statement's execution is its SQL and the parameters set on it, by value: equal
 * values digest equally whatever objects carried them, a changed value or type is another request, and what the
 * application does to a value after setting it does not change the request.
 */
class StatementStateTest {
    private static int digest(StatementState state) {
        RequestDigest d = new RequestDigest();
        state.digest(d, false);
        return d.value();
    }

    private static StatementState prepared(String sql) {
        StatementState s = new StatementState();
        s.prepared(sql, null);
        return s;
    }

    private static final Object[] NONE = {};

    @Test
    void equalValuesDigestEquallyAndOtherValuesDiffer() {
        StatementState a = prepared("INSERT INTO t VALUES (?, ?)");
        a.parameter(1, "apple", NONE);
        a.parameter(2, 5, NONE);
        StatementState b = prepared("INSERT INTO t VALUES (?, ?)");
        b.parameter(2, Integer.valueOf(5), NONE); // set in another order, boxed elsewhere
        b.parameter(1, new String("apple"), NONE);
        assertEquals(digest(a), digest(b));

        b.parameter(1, "pear", NONE);
        assertNotEquals(digest(a), digest(b), "another value");
        b.parameter(1, "apple", NONE);
        b.parameter(2, 5L, NONE);
        assertNotEquals(digest(a), digest(b), "another type (setLong rather than setInt)");
        b.parameter(2, 5, NONE);
        assertEquals(digest(a), digest(b));
        assertNotEquals(digest(a), digest(prepared("INSERT INTO u VALUES (?, ?)")), "other SQL");
    }

    @Test
    void nullsAndClearedParametersAreOtherRequests() {
        StatementState a = prepared("UPDATE t SET x = ?");
        a.nullParameter(1, Types.VARCHAR);
        StatementState b = prepared("UPDATE t SET x = ?");
        b.parameter(1, null, NONE);
        assertNotEquals(digest(a), digest(b), "setNull(VARCHAR) and setObject(null) are told apart");
        b.nullParameter(1, Types.VARCHAR);
        assertEquals(digest(a), digest(b));
        b.clearParameters();
        assertNotEquals(digest(a), digest(b));
    }

    @Test
    void aValueChangedAfterItWasSetDoesNotChangeTheRequest() {
        byte[] data = {1, 2, 3};
        StatementState a = prepared("INSERT INTO t VALUES (?)");
        a.parameter(1, data, NONE);
        int before = digest(a);
        data[0] = 9;
        assertEquals(before, digest(a));
        a.parameter(1, data, NONE);
        assertNotEquals(before, digest(a), "set again, it is the new value");
    }

    @Test
    void streamsCountByKindNotContent() {
        StatementState a = prepared("INSERT INTO t VALUES (?)");
        a.parameter(1, new ByteArrayInputStream(new byte[] {1}), NONE);
        StatementState b = prepared("INSERT INTO t VALUES (?)");
        b.parameter(1, new ByteArrayInputStream(new byte[] {2}), NONE);
        assertEquals(digest(a), digest(b), "a stream's content is the driver's to read, not ours");
    }

    @Test
    void aBatchIsEachOfItsParameterSets() {
        StatementState a = prepared("INSERT INTO t VALUES (?)");
        a.parameter(1, "x", NONE);
        a.addBatch();
        a.parameter(1, "y", NONE);
        a.addBatch();
        StatementState b = prepared("INSERT INTO t VALUES (?)");
        b.parameter(1, "x", NONE);
        b.addBatch();
        b.addBatch(); // "x" twice
        RequestDigest da = new RequestDigest();
        a.digest(da, true);
        RequestDigest db = new RequestDigest();
        b.digest(db, true);
        assertNotEquals(da.value(), db.value());
        assertEquals(2, a.count(true));
        a.clearBatch();
        assertEquals(0, a.count(true));
    }

    @Test
    void statesGoWithTheirStatements() throws InterruptedException {
        JdbcStatements statements = new JdbcStatements();
        Object kept = new Object();
        statements.of(kept).prepared("SELECT 1", null);
        statements.of(new Object()).prepared("SELECT 2", null);
        for (int i = 0; i < 50 && statements.size() > 1; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(1, statements.size(), "the collected statement's state is gone");
        assertEquals("SELECT 1", statements.find(kept).sql());
    }
}
