package dev.lazarus.agent.internal.effect;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A driver's {@code ResultSet} read whole into plain data, which is what the JDBC boundary journals and what
 * {@link RecordedResultSet} serves, live and on replay.
 *
 * <p>Journaled shape (part of the journal format): a map with {@code columns} (a list, one map per column:
 * {@code label}, {@code name}, {@code type} (a {@code java.sql.Types} code), {@code typeName}, {@code className},
 * {@code table}, {@code nullable}, {@code precision}, {@code scale}) and {@code rows} (a list of lists of values).
 *
 * <p>Values are what the driver's {@code getObject} returns when that is a JDK value the journal can hold
 * (strings, numbers, {@code byte[]}, {@code java.sql} and {@code java.time} dates and times, {@code UUID}...).
 * Large objects are read into memory: a {@code Blob} becomes its bytes, a {@code Clob} its text, an
 * {@code SQLXML} its text, an {@code Array} an {@code Object[]} of its (likewise converted) elements. A value of
 * a driver's own class (PostgreSQL's {@code PGobject}, an interval type) is kept as the driver's
 * {@code getString} of it: its class cannot be rebuilt in the application's loader from the journal alone
 * without compiling against the driver.
 */
final class ResultSetData {
    private ResultSetData() {}

    /** A result set with no columns and no rows: the generated keys of a statement that asked for none. */
    static Map<String, Object> empty() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("columns", new ArrayList<>());
        data.put("rows", new ArrayList<>());
        return data;
    }

    /**
     * Reads every remaining row of a driver's result set; the caller closes it.
     *
     * @param rs the driver's result set, before its first row
     * @return the data
     * @throws SQLException what the driver throws while reading
     */
    static Map<String, Object> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Object> columns = new ArrayList<>(n);
        for (int column = 1; column <= n; column++) {
            int i = column;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", md.getColumnLabel(i));
            c.put("name", orNull(() -> md.getColumnName(i)));
            c.put("type", md.getColumnType(i));
            c.put("typeName", orNull(() -> md.getColumnTypeName(i)));
            c.put("className", orNull(() -> md.getColumnClassName(i)));
            c.put("table", orNull(() -> md.getTableName(i)));
            c.put("nullable", orNull(() -> md.isNullable(i)));
            c.put("precision", orNull(() -> md.getPrecision(i)));
            c.put("scale", orNull(() -> md.getScale(i)));
            columns.add(c);
        }
        List<Object> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                Object value = rs.getObject(i);
                row.add(value == null ? null : plain(value, rs, i));
            }
            rows.add(row);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("columns", columns);
        data.put("rows", rows);
        return data;
    }

    /** A value as JDK data (see the class comment). */
    private static Object plain(Object value, ResultSet rs, int column) throws SQLException {
        if (value instanceof Blob b) {
            try {
                return b.getBytes(1, (int) b.length());
            } finally {
                freeQuietly(b::free);
            }
        }
        if (value instanceof Clob c) { // NClob too
            try {
                return c.getSubString(1, (int) c.length());
            } finally {
                freeQuietly(c::free);
            }
        }
        if (value instanceof SQLXML x) {
            try {
                return x.getString();
            } finally {
                freeQuietly(x::free);
            }
        }
        if (value instanceof Array a) {
            try {
                return plainArray(a.getArray());
            } finally {
                freeQuietly(a::free);
            }
        }
        if (value instanceof InputStream || value instanceof Reader) {
            return rs.getBytes(column);
        }
        if (isJdkValue(value)) {
            return value;
        }
        return rs.getString(column);
    }

    private static Object plainArray(Object array) {
        if (!(array instanceof Object[] elements)) {
            return array; // a primitive array is data already
        }
        Object[] out = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            Object e = elements[i];
            out[i] = e == null || isJdkValue(e) ? e : String.valueOf(e);
        }
        return out;
    }

    /** JDK value classes outside {@code java.lang}, {@code java.math} and {@code java.time}. */
    private static final Set<String> OTHER_JDK_VALUES =
            Set.of("java.sql.Date", "java.sql.Time", "java.sql.Timestamp", "java.util.Date", "java.util.UUID");

    /** Whether a value is of a JDK class the journal's codec holds as data (not a driver's class). */
    static boolean isJdkValue(Object value) {
        if (value instanceof byte[]) {
            return true;
        }
        Class<?> c = value.getClass();
        ClassLoader loader = c.getClassLoader();
        if (loader != null && loader != ClassLoader.getPlatformClassLoader()) {
            return false; // a driver's own class
        }
        String name = c.getName();
        return name.startsWith("java.lang.")
                || name.startsWith("java.math.")
                || name.startsWith("java.time.")
                || OTHER_JDK_VALUES.contains(name);
    }

    private interface SqlRead {
        Object read() throws SQLException;
    }

    private interface SqlFree {
        void free() throws SQLException;
    }

    /** Metadata a driver may not have: {@code null} then, rather than failing the read. */
    private static Object orNull(SqlRead read) {
        try {
            return read.read();
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    private static void freeQuietly(SqlFree free) {
        try {
            free.free();
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            // a driver without free() (JDBC 3) or one that refuses it: the object goes with its result set
        }
    }

    /** @return the columns of journaled data, one map each */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> columns(Map<String, Object> data) {
        return (List<Map<String, Object>>) (List<?>) data.get("columns");
    }

    /** @return the rows of journaled data */
    @SuppressWarnings("unchecked")
    static List<List<Object>> rows(Map<String, Object> data) {
        return (List<List<Object>>) (List<?>) data.get("rows");
    }
}
