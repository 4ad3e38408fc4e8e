package dev.lazarus.agent.internal.effect;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The metadata of a {@link RecordedResultSet}: what the driver said of each column when the rows were read
 * ({@link ResultSetData}). What was not recorded is answered as a driver answers what it does not know.
 */
final class RecordedResultSetMetaData implements ResultSetMetaData {
    private final List<Map<String, Object>> columns;

    RecordedResultSetMetaData(List<Map<String, Object>> columns) {
        this.columns = columns;
    }

    private Object get(int column, String key) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column index " + column + " out of range 1.." + columns.size(), "07009");
        }
        return columns.get(column - 1).get(key);
    }

    private String text(int column, String key) throws SQLException {
        Object v = get(column, key);
        return v == null ? "" : (String) v;
    }

    private int number(int column, String key, int unknown) throws SQLException {
        Object v = get(column, key);
        return v == null ? unknown : (Integer) v;
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return text(column, "label");
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        String name = text(column, "name");
        return name.isEmpty() ? getColumnLabel(column) : name;
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return number(column, "type", java.sql.Types.OTHER);
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return text(column, "typeName");
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        String name = text(column, "className");
        return name.isEmpty() ? Object.class.getName() : name;
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return text(column, "table");
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return number(column, "nullable", columnNullableUnknown);
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return number(column, "precision", 0);
    }

    @Override
    public int getScale(int column) throws SQLException {
        return number(column, "scale", 0);
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return Math.max(getPrecision(column), getColumnLabel(column).length());
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        get(column, "label");
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        get(column, "label");
        return "";
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        get(column, "label");
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        get(column, "label");
        return true;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        get(column, "label");
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        get(column, "label");
        return false;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        int type = getColumnType(column);
        return switch (type) {
            case java.sql.Types.TINYINT,
                    java.sql.Types.SMALLINT,
                    java.sql.Types.INTEGER,
                    java.sql.Types.BIGINT,
                    java.sql.Types.REAL,
                    java.sql.Types.FLOAT,
                    java.sql.Types.DOUBLE,
                    java.sql.Types.NUMERIC,
                    java.sql.Types.DECIMAL -> true;
            default -> false;
        };
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        get(column, "label");
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        get(column, "label");
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        get(column, "label");
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("the metadata of a result set in a durable execution wraps no driver object");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
