package dev.lazarus.agent.internal.effect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lazarus.store.codec.ValueCodec;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The result set the JDBC boundary serves, live and on replay: rows read whole from a real driver's result set
 * (H2, in memory), through the journal's codec (as a replay decodes them), and answered by index and by label
 * with the driver's values and conversions, {@code wasNull} and metadata. Each test compares with what the
 * driver itself answers for the same query, so the expectations are the driver's, not written here.
 */
class RecordedResultSetTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String QUERY =
            "SELECT id, name AS label, price, made, born, note, data, token, flag" + " FROM items ORDER BY id";

    private Connection db;

    @BeforeEach
    void database() throws SQLException {
        db = DriverManager.getConnection("jdbc:h2:mem:rs" + DATABASES.incrementAndGet(), "sa", "");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2),"
                    + " made TIMESTAMP, born DATE, note VARCHAR(20), data VARBINARY(8), token UUID, flag BOOLEAN)");
            s.execute("INSERT INTO items VALUES (1, 'apple', 1.50, TIMESTAMP '2024-05-01 10:20:30.123456', DATE"
                    + " '2001-02-03', NULL, X'0102', '123e4567-e89b-12d3-a456-426614174000', TRUE)");
            s.execute("INSERT INTO items VALUES (2, 'pear', 0.75, NULL, NULL, 'ripe', NULL, NULL, FALSE)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    /** The rows as the boundary journals them, encoded and decoded as a replay would. */
    private Map<String, Object> journaled(String query) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            Map<String, Object> data = ResultSetData.read(rs);
            ValueCodec codec = ValueCodec.create();
            @SuppressWarnings("unchecked")
            Map<String, Object> decoded = (Map<String, Object>) codec.decode(
                    codec.encode(data, getClass().getClassLoader()), getClass().getClassLoader());
            return decoded;
        }
    }

    private RecordedResultSet recorded(String query, int type) throws SQLException {
        return new RecordedResultSet(null, journaled(query), type);
    }

    @Test
    void servesTheDriversValuesByIndexAndByLabel() throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet driver = s.executeQuery(QUERY);
                ResultSet ours = recorded(QUERY, ResultSet.TYPE_FORWARD_ONLY)) {
            int columns = driver.getMetaData().getColumnCount();
            while (driver.next()) {
                assertTrue(ours.next(), "as many rows as the driver's");
                for (int i = 1; i <= columns; i++) {
                    String label = driver.getMetaData().getColumnLabel(i);
                    Object expected = driver.getObject(i);
                    Object actual = ours.getObject(i);
                    if (expected instanceof byte[] b) {
                        assertArrayEquals(b, (byte[]) actual, label);
                    } else {
                        assertEquals(expected, actual, label);
                    }
                    assertEquals(driver.wasNull(), ours.wasNull(), "wasNull after " + label);
                    if (!(expected instanceof byte[])) {
                        assertEquals(expected, ours.getObject(label.toLowerCase()), label + " by label, any case");
                    }
                }
                assertEquals(driver.getLong("id"), ours.getLong("ID"));
                assertEquals(driver.getInt(1), ours.getInt(1));
                assertEquals(driver.getString("label"), ours.getString("label"));
                assertEquals(driver.getBigDecimal("price"), ours.getBigDecimal("price"));
                assertEquals(driver.getDouble("price"), ours.getDouble("price"));
                assertEquals(driver.getTimestamp("made"), ours.getTimestamp("made"));
                assertEquals(driver.getDate("born"), ours.getDate("born"));
                assertEquals(driver.getBoolean("flag"), ours.getBoolean("flag"));
                assertEquals(driver.getObject("born", LocalDate.class), ours.getObject("born", LocalDate.class));
                assertEquals(
                        driver.getObject("made", LocalDateTime.class), ours.getObject("made", LocalDateTime.class));
                assertEquals(driver.getObject("token", UUID.class), ours.getObject("token", UUID.class));
                assertEquals(driver.getObject("id", Integer.class), ours.getObject("id", Integer.class));
            }
            assertFalse(ours.next(), "no more rows than the driver's");
        }
    }

    @Test
    void wasNullFollowsTheLastRead() throws SQLException {
        try (ResultSet ours = recorded(QUERY, ResultSet.TYPE_FORWARD_ONLY)) {
            ours.next();
            assertNull(ours.getString("note"));
            assertTrue(ours.wasNull());
            assertEquals(0, ours.getInt("note"));
            assertTrue(ours.wasNull());
            assertEquals("apple", ours.getString("label"));
            assertFalse(ours.wasNull());
            ours.next();
            assertNull(ours.getTimestamp("made"));
            assertTrue(ours.wasNull());
            assertFalse(ours.getBoolean("flag"));
            assertFalse(ours.wasNull(), "false is a value, not null");
        }
    }

    @Test
    void metadataIsTheDrivers() throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet driver = s.executeQuery(QUERY);
                ResultSet ours = recorded(QUERY, ResultSet.TYPE_FORWARD_ONLY)) {
            ResultSetMetaData expected = driver.getMetaData();
            ResultSetMetaData actual = ours.getMetaData();
            assertEquals(expected.getColumnCount(), actual.getColumnCount());
            for (int i = 1; i <= expected.getColumnCount(); i++) {
                assertEquals(expected.getColumnLabel(i), actual.getColumnLabel(i));
                assertEquals(expected.getColumnName(i), actual.getColumnName(i));
                assertEquals(expected.getColumnType(i), actual.getColumnType(i));
                assertEquals(expected.getColumnTypeName(i), actual.getColumnTypeName(i));
                assertEquals(expected.getColumnClassName(i), actual.getColumnClassName(i));
                assertEquals(expected.isNullable(i), actual.isNullable(i));
                assertEquals(expected.getPrecision(i), actual.getPrecision(i));
                assertEquals(expected.getScale(i), actual.getScale(i));
            }
            assertEquals(Types.DECIMAL, actual.getColumnType(3));
        }
    }

    @Test
    void aForwardOnlySetRefusesToScrollAndAScrollableOneScrolls() throws SQLException {
        try (ResultSet forward = recorded(QUERY, ResultSet.TYPE_FORWARD_ONLY)) {
            assertEquals(ResultSet.TYPE_FORWARD_ONLY, forward.getType());
            assertThrows(SQLException.class, forward::previous);
            assertThrows(SQLException.class, () -> forward.absolute(1));
        }
        try (ResultSet scroll = recorded(QUERY, ResultSet.TYPE_SCROLL_INSENSITIVE)) {
            assertTrue(scroll.last());
            assertEquals(2, scroll.getRow());
            assertEquals("pear", scroll.getString("label"));
            assertTrue(scroll.previous());
            assertEquals("apple", scroll.getString("label"));
            assertFalse(scroll.previous());
            assertTrue(scroll.isBeforeFirst());
            assertTrue(scroll.absolute(-1));
            assertTrue(scroll.isLast());
        }
    }

    @Test
    void itIsReadOnlyAndSaysSoWithACode() throws SQLException {
        try (ResultSet ours = recorded(QUERY, ResultSet.TYPE_FORWARD_ONLY)) {
            ours.next();
            assertEquals(ResultSet.CONCUR_READ_ONLY, ours.getConcurrency());
            SQLFeatureNotSupportedException e =
                    assertThrows(SQLFeatureNotSupportedException.class, () -> ours.updateString("label", "x"));
            assertTrue(e.getMessage().startsWith("LAZ-222"), e.getMessage());
            assertThrows(SQLFeatureNotSupportedException.class, ours::deleteRow);
        }
    }

    @Test
    void unknownLabelsAndClosedSetsFailLikeADriver() throws SQLException {
        ResultSet ours = recorded(QUERY, ResultSet.TYPE_FORWARD_ONLY);
        assertThrows(SQLException.class, () -> ours.getString(1), "before the first row");
        ours.next();
        SQLException unknown = assertThrows(SQLException.class, () -> ours.getString("nope"));
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        assertThrows(SQLException.class, () -> ours.getString(42));
        ours.close();
        assertTrue(ours.isClosed());
        assertThrows(SQLException.class, ours::next);
    }

    @Test
    void valuesSurviveTheJournalAsJdkTypes() throws SQLException {
        Map<String, Object> data = journaled(QUERY);
        List<List<Object>> rows = ResultSetData.rows(data);
        assertEquals(2, rows.size());
        List<Object> first = rows.get(0);
        assertEquals(Long.class, first.get(0).getClass());
        assertEquals(new BigDecimal("1.50"), first.get(2));
        assertEquals(Timestamp.valueOf("2024-05-01 10:20:30.123456"), first.get(3), "nanoseconds kept");
        assertArrayEquals(new byte[] {1, 2}, (byte[]) first.get(6));
    }

    @Test
    void generatedKeysOfAStatementThatAskedForNoneAreAnEmptySet() throws SQLException {
        ServedResults served = new ServedResults(null, Map.of("results", List.of(1L)), ResultSet.TYPE_FORWARD_ONLY);
        try (ResultSet keys = served.generatedKeys()) {
            assertFalse(keys.next());
            assertEquals(0, keys.getMetaData().getColumnCount());
        }
        assertEquals(1, served.updateCount());
        assertNull(served.resultSet());
        assertFalse(served.moreResults(true));
        assertEquals(-1, served.updateCount(), "no more results");
    }

    @Test
    void theCurrentResultSetIsOneObjectUntilTheNextResult() throws SQLException {
        Map<String, Object> rows = journaled(QUERY);
        ServedResults served =
                new ServedResults(null, Map.of("results", List.of(rows, 3L)), ResultSet.TYPE_FORWARD_ONLY);
        ResultSet first = served.resultSet();
        assertSame(first, served.resultSet());
        assertEquals(-1, served.updateCount());
        assertFalse(served.moreResults(true), "the next result is an update count");
        assertTrue(first.isClosed(), "CLOSE_CURRENT_RESULT closes the set");
        assertEquals(3, served.updateCount());
    }
}
