package dev.lazarus.agent.internal.effect;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * The {@code ResultSet} a durable execution's statements return, live and on replay alike: rows read whole
 * from the driver ({@link ResultSetData}) and served from memory, so a body sees the same rows, the same
 * conversions and the same errors whether the statement just ran or its result came from the journal.
 *
 * <p>Served: {@code next} and the cursor queries; every common getter by index and by label (labels match
 * without regard to case, the first column of a label wins, as drivers do), with the conversions drivers make
 * between numbers, strings, booleans, {@code java.sql} and {@code java.time} values; {@code wasNull};
 * {@code getMetaData} (labels, names, types, type and class names, table, nullability, precision, scale);
 * {@code getBlob}/{@code getClob} and the stream getters, from the bytes or text read. A statement created
 * scrollable gets a scrollable result set (an insensitive snapshot: {@code absolute}, {@code previous}...);
 * otherwise the set is forward-only as the driver's would be. Writing through the result set is refused
 * ({@link ReadOnlyResultSet}).
 *
 * <p>Not thread-safe, like a driver's.
 */
final class RecordedResultSet extends ReadOnlyResultSet {
    private final Statement statement;
    private final List<Map<String, Object>> columns;
    private final List<List<Object>> rows;
    private final int type;
    private final Map<String, Integer> byLabel = new HashMap<>();
    private int row = -1; // -1 before the first row, rows.size() after the last
    private boolean closed;
    private boolean lastWasNull;
    private int fetchSize;

    /**
     * @param statement the statement that produced the rows, or {@code null}
     * @param data the rows, as {@link ResultSetData} reads them
     * @param type {@link ResultSet#TYPE_FORWARD_ONLY} or a scrollable type
     */
    RecordedResultSet(Statement statement, Map<String, Object> data, int type) {
        this.statement = statement;
        this.columns = ResultSetData.columns(data);
        this.rows = ResultSetData.rows(data);
        this.type = type == TYPE_FORWARD_ONLY ? TYPE_FORWARD_ONLY : TYPE_SCROLL_INSENSITIVE;
        for (int i = columns.size(); i >= 1; i--) { // the first column of a label wins
            byLabel.put(key((String) columns.get(i - 1).get("label")), i);
        }
    }

    private static String key(String label) {
        return label == null ? "" : label.toUpperCase(Locale.ROOT);
    }

    // ---- the cursor ------------------------------------------------------------------------------------

    @Override
    public boolean next() throws SQLException {
        open();
        if (row < rows.size()) {
            row++;
        }
        return row < rows.size();
    }

    @Override
    public boolean previous() throws SQLException {
        scrollable();
        row = Math.max(row - 1, -1);
        return onRow();
    }

    @Override
    public boolean absolute(int n) throws SQLException {
        scrollable();
        if (n > 0) {
            row = Math.min(n - 1, rows.size());
        } else if (n < 0) {
            row = Math.max(rows.size() + n, -1);
        } else {
            row = -1;
        }
        return onRow();
    }

    @Override
    public boolean relative(int n) throws SQLException {
        scrollable();
        row = (int) Math.max(-1, Math.min((long) row + n, rows.size()));
        return onRow();
    }

    @Override
    public boolean first() throws SQLException {
        return absolute(1);
    }

    @Override
    public boolean last() throws SQLException {
        return absolute(-1);
    }

    @Override
    public void beforeFirst() throws SQLException {
        scrollable();
        row = -1;
    }

    @Override
    public void afterLast() throws SQLException {
        scrollable();
        row = rows.size();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        open();
        return row == -1 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        open();
        return row >= rows.size() && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        open();
        return row == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        open();
        return row == rows.size() - 1 && !rows.isEmpty();
    }

    @Override
    public int getRow() throws SQLException {
        open();
        return onRow() ? row + 1 : 0;
    }

    private boolean onRow() {
        return row >= 0 && row < rows.size();
    }

    private void scrollable() throws SQLException {
        open();
        if (type == TYPE_FORWARD_ONLY) {
            throw new SQLException("the result set is forward-only (TYPE_FORWARD_ONLY)", "24000");
        }
    }

    private void open() throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "24000");
        }
    }

    // ---- the set itself ------------------------------------------------------------------------------

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        open();
        return lastWasNull;
    }

    @Override
    public Statement getStatement() throws SQLException {
        open();
        return statement;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        open();
        return new RecordedResultSetMetaData(columns);
    }

    @Override
    public int findColumn(String label) throws SQLException {
        open();
        Integer i = byLabel.get(key(label));
        if (i == null) {
            throw new SQLException("no column labelled " + label + " in the result (" + labels() + ")", "42S22");
        }
        return i;
    }

    private String labels() {
        return String.join(
                ", ", columns.stream().map(c -> (String) c.get("label")).toList());
    }

    @Override
    public int getType() throws SQLException {
        open();
        return type;
    }

    @Override
    public int getConcurrency() throws SQLException {
        open();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        open();
        return HOLD_CURSORS_OVER_COMMIT; // the rows are in memory: a commit cannot close them
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        open();
        if (direction != FETCH_FORWARD && type == TYPE_FORWARD_ONLY) {
            throw new SQLException("the result set is forward-only (TYPE_FORWARD_ONLY)", "24000");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        open();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        open();
        fetchSize = rows; // every row is in memory already: the hint changes nothing
    }

    @Override
    public int getFetchSize() throws SQLException {
        open();
        return fetchSize;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        open();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        open();
    }

    @Override
    public String getCursorName() throws SQLException {
        throw new SQLFeatureNotSupportedException(
                "LAZ-222: a result set in a durable execution has no database cursor (it is served from data"
                        + " the journal holds)",
                "0A000");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("a result set in a durable execution wraps no driver object (" + iface.getName()
                + "): it is served from data the journal holds");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    // ---- values ------------------------------------------------------------------------------------

    /** The value at a column of the current row; sets what {@link #wasNull} answers. */
    private Object value(int column) throws SQLException {
        open();
        if (!onRow()) {
            throw new SQLException("no current row (call next() first, or the rows are exhausted)", "24000");
        }
        if (column < 1 || column > columns.size()) {
            throw new SQLException(
                    "column index " + column + " out of range 1.." + columns.size() + " (" + labels() + ")", "07009");
        }
        Object v = rows.get(row).get(column - 1);
        lastWasNull = v == null;
        return v;
    }

    private SQLException cannotConvert(int column, Object v, String to) {
        return new SQLDataException(
                "cannot read column " + columns.get(column - 1).get("label") + " ("
                        + v.getClass().getName() + " " + v + ") as " + to,
                "22018");
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return value(column);
    }

    @Override
    public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw new SQLFeatureNotSupportedException(
                    "LAZ-222: user-defined type maps are not applied to results served in a durable execution",
                    "0A000");
        }
        return getObject(column);
    }

    @Override
    public String getString(int column) throws SQLException {
        Object v = value(column);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    @Override
    public String getNString(int column) throws SQLException {
        return getString(column);
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n instanceof BigDecimal d ? d.signum() != 0 : n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true") || t.equals("1")) {
                return true;
            }
            if (t.equalsIgnoreCase("false") || t.equals("0")) {
                return false;
            }
        }
        throw cannotConvert(column, v, "boolean");
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return (byte) integral(column, "byte");
    }

    @Override
    public short getShort(int column) throws SQLException {
        return (short) integral(column, "short");
    }

    @Override
    public int getInt(int column) throws SQLException {
        return (int) integral(column, "int");
    }

    @Override
    public long getLong(int column) throws SQLException {
        return integral(column, "long");
    }

    private long integral(int column, String to) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim()).longValue();
            } catch (NumberFormatException e) {
                throw cannotConvert(column, v, to);
            }
        }
        throw cannotConvert(column, v, to);
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return (float) getDouble(column);
    }

    @Override
    public double getDouble(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(column, v, "double");
            }
        }
        throw cannotConvert(column, v, "double");
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        Object v = value(column);
        if (v == null || v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(column, v, "BigDecimal");
            }
        }
        throw cannotConvert(column, v, "BigDecimal");
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(column);
        return d == null ? null : d.setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        Object v = value(column);
        if (v == null || v instanceof byte[]) {
            return v == null ? null : ((byte[]) v).clone();
        }
        if (v instanceof UUID u) {
            return java.nio.ByteBuffer.allocate(16)
                    .putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits())
                    .array();
        }
        throw cannotConvert(column, v, "byte[]");
    }

    @Override
    public Date getDate(int column) throws SQLException {
        LocalDate d = localDate(column);
        return d == null ? null : Date.valueOf(d);
    }

    @Override
    public Date getDate(int column, Calendar calendar) throws SQLException {
        LocalDate d = localDate(column);
        if (d == null || calendar == null) {
            return d == null ? null : Date.valueOf(d);
        }
        return new Date(d.atStartOfDay(zone(calendar)).toInstant().toEpochMilli());
    }

    @Override
    public Time getTime(int column) throws SQLException {
        LocalTime t = localTime(column);
        return t == null ? null : Time.valueOf(t);
    }

    @Override
    public Time getTime(int column, Calendar calendar) throws SQLException {
        LocalTime t = localTime(column);
        if (t == null || calendar == null) {
            return t == null ? null : Time.valueOf(t);
        }
        return new Time(
                t.atDate(LocalDate.EPOCH).atZone(zone(calendar)).toInstant().toEpochMilli());
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp t) { // a copy: the caller may change it, the journaled row must not change
            Timestamp copy = new Timestamp(t.getTime());
            copy.setNanos(t.getNanos());
            return copy;
        }
        Instant zoned = instant(v);
        if (zoned != null) {
            return Timestamp.from(zoned);
        }
        return Timestamp.valueOf(localDateTime(column, v));
    }

    @Override
    public Timestamp getTimestamp(int column, Calendar calendar) throws SQLException {
        Object v = value(column);
        if (v == null || calendar == null || instant(v) != null) {
            return getTimestamp(column);
        }
        return Timestamp.from(localDateTime(column, v).atZone(zone(calendar)).toInstant());
    }

    private static ZoneId zone(Calendar calendar) {
        return calendar.getTimeZone().toZoneId();
    }

    /** The instant of a value that has one in itself (not a local date-time), or {@code null}. */
    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        return null;
    }

    private LocalDateTime localDateTime(int column, Object v) throws SQLException {
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof LocalDateTime l) {
            return l;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (v instanceof Date d) {
            return d.toLocalDate().atStartOfDay();
        }
        if (v instanceof OffsetDateTime o) {
            return o.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        }
        if (v instanceof ZonedDateTime z) {
            return z.withZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        }
        if (v instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneId.systemDefault());
        }
        if (v instanceof java.util.Date d) {
            return new Timestamp(d.getTime()).toLocalDateTime();
        }
        if (v instanceof String s) {
            try {
                return Timestamp.valueOf(s.trim()).toLocalDateTime();
            } catch (IllegalArgumentException e) {
                throw cannotConvert(column, v, "Timestamp");
            }
        }
        throw cannotConvert(column, v, "Timestamp");
    }

    private LocalDate localDate(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Date d) {
            return d.toLocalDate();
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof String s) {
            try {
                return LocalDate.parse(s.trim());
            } catch (RuntimeException e) {
                throw cannotConvert(column, v, "Date");
            }
        }
        if (v instanceof Time) {
            throw cannotConvert(column, v, "Date");
        }
        return localDateTime(column, v).toLocalDate();
    }

    private LocalTime localTime(int column) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Time t) {
            return t.toLocalTime();
        }
        if (v instanceof LocalTime t) {
            return t;
        }
        if (v instanceof java.time.OffsetTime t) {
            return t.toLocalTime();
        }
        if (v instanceof String s) {
            try {
                return LocalTime.parse(s.trim());
            } catch (RuntimeException e) {
                throw cannotConvert(column, v, "Time");
            }
        }
        if (v instanceof Date || v instanceof LocalDate) {
            throw cannotConvert(column, v, "Time");
        }
        return localDateTime(column, v).toLocalTime();
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        if (type == null) {
            throw new SQLException("getObject needs a type");
        }
        Object v = value(column);
        if (v == null) {
            return null;
        }
        if (type.isInstance(v) && !(v instanceof byte[])) {
            return type.cast(v);
        }
        Object converted = converted(column, v, type);
        lastWasNull = false;
        return type.cast(converted);
    }

    private Object converted(int column, Object v, Class<?> type) throws SQLException {
        if (type == String.class) {
            return getString(column);
        } else if (type == Integer.class) {
            return getInt(column);
        } else if (type == Long.class) {
            return getLong(column);
        } else if (type == Short.class) {
            return getShort(column);
        } else if (type == Byte.class) {
            return getByte(column);
        } else if (type == Boolean.class) {
            return getBoolean(column);
        } else if (type == Double.class) {
            return getDouble(column);
        } else if (type == Float.class) {
            return getFloat(column);
        } else if (type == BigDecimal.class) {
            return getBigDecimal(column);
        } else if (type == BigInteger.class) {
            return getBigDecimal(column).toBigInteger();
        } else if (type == byte[].class) {
            return getBytes(column);
        } else if (type == Date.class) {
            return getDate(column);
        } else if (type == Time.class) {
            return getTime(column);
        } else if (type == Timestamp.class) {
            return getTimestamp(column);
        } else if (type == LocalDate.class) {
            return localDate(column);
        } else if (type == LocalTime.class) {
            return localTime(column);
        } else if (type == LocalDateTime.class) {
            return localDateTime(column, v);
        } else if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            Instant i = instant(v);
            if (i == null) {
                i = localDateTime(column, v).atZone(ZoneId.systemDefault()).toInstant();
            }
            if (type == Instant.class) {
                return i;
            }
            ZonedDateTime z = i.atZone(v instanceof OffsetDateTime o ? o.getOffset() : ZoneId.systemDefault());
            return type == ZonedDateTime.class ? z : z.toOffsetDateTime();
        } else if (type == UUID.class) {
            if (v instanceof String s) {
                try {
                    return UUID.fromString(s.trim());
                } catch (IllegalArgumentException e) {
                    throw cannotConvert(column, v, "UUID");
                }
            }
            if (v instanceof byte[] b && b.length == 16) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
                return new UUID(buf.getLong(), buf.getLong());
            }
        } else if (type == Blob.class) {
            return getBlob(column);
        } else if (type == Clob.class) {
            return getClob(column);
        } else if (type == URL.class) {
            return getURL(column);
        }
        throw cannotConvert(column, v, type.getName());
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        byte[] b = getBytes(column);
        return b == null ? null : new SerialBlob(b);
    }

    @Override
    public Clob getClob(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new SerialClob(s.toCharArray());
    }

    @Override
    public InputStream getBinaryStream(int column) throws SQLException {
        byte[] b = getBytes(column);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public InputStream getAsciiStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_16BE));
    }

    @Override
    public Reader getCharacterStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int column) throws SQLException {
        return getCharacterStream(column);
    }

    @Override
    public URL getURL(int column) throws SQLException {
        String s = getString(column);
        try {
            return s == null ? null : URI.create(s).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw cannotConvert(column, s, "URL");
        }
    }

    @Override
    public Array getArray(int column) throws SQLException {
        throw notServed("getArray (read the elements with getObject, which gives an Object[])");
    }

    @Override
    public NClob getNClob(int column) throws SQLException {
        throw notServed("getNClob (read the text with getString)");
    }

    @Override
    public SQLXML getSQLXML(int column) throws SQLException {
        throw notServed("getSQLXML (read the text with getString)");
    }

    @Override
    public Ref getRef(int column) throws SQLException {
        throw notServed("getRef");
    }

    @Override
    public RowId getRowId(int column) throws SQLException {
        throw notServed("getRowId");
    }

    private static SQLFeatureNotSupportedException notServed(String what) {
        return new SQLFeatureNotSupportedException(
                "LAZ-222: " + what + " is not served by a result set in a durable execution (it is served from"
                        + " data the journal holds, with no database object behind it)",
                "0A000");
    }
}
