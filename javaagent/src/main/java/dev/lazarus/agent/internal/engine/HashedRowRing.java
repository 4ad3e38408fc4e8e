package dev.lazarus.agent.internal.engine;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A first-in first-out table of rows of {@code long}s, found by the 64-bit hash in one of their key columns: the
 * index's memory for what finished. A row costs its columns (8 bytes each) and 8 bytes per key column in the hash
 * tables, with no object per row: a million finished executions fit in about 56 MB of two arrays instead of the
 * objects, strings and map entries a heap index spends a kilobyte on.
 *
 * <p>Rows are numbered by a sequence that only grows ({@link #add}); the oldest leave first ({@link #removeOldest}),
 * which suits what retention forgets: executions in the order they finished. A row in the middle can be
 * {@link #clear cleared} (an operator deleted it): its keys become 0, which no hash is, so nothing finds it; it
 * leaves with its turn.
 *
 * <p>Hash tables are open-addressed with linear probing; a cell holds a ring position plus one. Cells are never
 * emptied: a cell whose position left the ring, or was reused by a younger row with another key, is simply not a
 * match, and probing goes on past it. Such stale cells are reused by later inserts and dropped whenever the tables
 * are rebuilt (when three quarters full, and when the ring grows or shrinks).
 *
 * <p>Many rows may share a key (the same call made again and again without an explicit key has one identity): a
 * table leads only to the youngest of them, which takes its older twin's cell. Keeping a cell per twin would make
 * every probe walk past all of them, an insert costing as much as the rows before it. As rows leave oldest first,
 * the youngest of a key leaves last, so what a table leads to stays the youngest live row; only {@link #clear} can
 * take a youngest row away while older twins stay, and then the next {@link #find} in that table refills it from
 * the rows. Not thread-safe: the index guards it.
 */
final class HashedRowRing {
    private static final int MIN_CAPACITY = 64;

    private final int width;
    private final int[] keyColumns;
    private long[] rows;
    private int capacity;
    private long head;
    private long tail;
    private int[][] cells;
    /** Cells in use in each hash table, live or stale. */
    private int[] occupied;
    /** Per hash table: whether a younger row took a live twin's cell since the table was last filled. */
    private boolean[] hidTwins;
    /** Per hash table: whether a row was cleared while twins were hidden, so an older twin may have to lead again. */
    private boolean[] stale;

    /**
     * @param width the number of columns of a row
     * @param keyColumns the columns rows are found by (their values are 64-bit hashes, never 0)
     */
    HashedRowRing(int width, int... keyColumns) {
        this.width = width;
        this.keyColumns = keyColumns.clone();
        resize(MIN_CAPACITY);
    }

    /** @return how many rows the ring holds (cleared ones included, until they leave) */
    int size() {
        return (int) (tail - head);
    }

    /** @return the sequence number of the oldest row; meaningless when the ring is empty */
    long oldest() {
        return head;
    }

    /**
     * Appends a row.
     *
     * @param values its columns; a key column's value must not be 0
     * @return its sequence number
     */
    long add(long... values) {
        if (size() == capacity) {
            resize(capacity * 2);
        }
        long seq = tail++;
        int pos = position(seq);
        System.arraycopy(values, 0, rows, pos * width, width);
        for (int k = 0; k < keyColumns.length; k++) {
            if (occupied[k] >= cells[k].length / 4 * 3) {
                // drops the stale cells (the new row included): live rows fill at most half the cells, so a
                // quarter of the cells is added again before the next rebuild
                rebuild(cells[0].length);
                return seq;
            }
        }
        for (int k = 0; k < keyColumns.length; k++) {
            insert(k, values[keyColumns[k]], pos);
        }
        return seq;
    }

    /**
     * @param keyColumn a key column
     * @param hash the hash sought (not 0)
     * @return the sequence number of the youngest live row whose column holds {@code hash}, or -1
     */
    long find(int keyColumn, long hash) {
        int k = tableOf(keyColumn);
        if (stale[k]) {
            rebuild(cells[0].length);
        }
        int[] table = cells[k];
        int mask = table.length - 1;
        long best = -1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            int c = table[i];
            if (c == 0) {
                return best;
            }
            long seq = sequenceAt(c - 1);
            if (seq >= 0 && rows[(c - 1) * width + keyColumn] == hash && seq > best) {
                best = seq;
            }
        }
    }

    /**
     * @param seq a row's sequence number
     * @return whether the row is still in the ring and not cleared
     */
    boolean isLive(long seq) {
        return seq >= head && seq < tail && rows[position(seq) * width + keyColumns[0]] != 0;
    }

    /** @return column {@code column} of row {@code seq}, which must be in the ring */
    long get(long seq, int column) {
        return rows[position(seq) * width + column];
    }

    /** Clears row {@code seq}'s keys: nothing finds it any more; it leaves the ring in its turn. */
    void clear(long seq) {
        int base = position(seq) * width;
        for (int k = 0; k < keyColumns.length; k++) {
            rows[base + keyColumns[k]] = 0;
            stale[k] |= hidTwins[k];
        }
    }

    /** Removes the oldest row; the ring must not be empty. */
    void removeOldest() {
        head++;
        if (capacity > MIN_CAPACITY && size() < capacity / 8) {
            resize(capacity / 2); // what a burst grew is given back once retention drained it
        }
    }

    /** The sequence number of the live row at ring position {@code pos}, or -1 if the position holds none. */
    private long sequenceAt(int pos) {
        long seq = head + ((pos - head) & (capacity - 1));
        return seq < tail ? seq : -1;
    }

    private int position(long seq) {
        return (int) (seq & (capacity - 1));
    }

    private int tableOf(int keyColumn) {
        for (int k = 0; k < keyColumns.length; k++) {
            if (keyColumns[k] == keyColumn) {
                return k;
            }
        }
        throw new IllegalArgumentException("column " + keyColumn + " is not a key column");
    }

    private static int slot(long hash, int mask) {
        long h = hash * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /**
     * Inserts position {@code pos}, whose row holds {@code hash} in table {@code k}'s column, into that table: in
     * the cell of a live twin (a row with the same key) if its probe sequence has one, else in its first stale
     * cell, else in the empty cell that ends it. So a key has at most one live cell, and a table's load grows only
     * when an empty cell is taken.
     */
    private void insert(int k, long hash, int pos) {
        int[] table = cells[k];
        int keyColumn = keyColumns[k];
        int mask = table.length - 1;
        int reusable = -1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            int c = table[i];
            if (c == 0) {
                if (reusable >= 0) {
                    table[reusable] = pos + 1; // still occupied for probing, so the chains through it hold
                } else {
                    table[i] = pos + 1;
                    occupied[k]++;
                }
                return;
            }
            int p = c - 1;
            if (p == pos || sequenceAt(p) < 0 || rows[p * width + keyColumn] == 0) {
                // a cell left from the position's earlier row (or one that already leads here), or a stale one
                if (reusable < 0) {
                    reusable = i;
                }
            } else if (rows[p * width + keyColumn] == hash) {
                table[i] = pos + 1; // the younger twin leads from now on
                hidTwins[k] = true;
                return;
            }
        }
    }

    private void resize(int newCapacity) {
        long[] newRows = new long[newCapacity * width];
        for (long seq = head; seq < tail; seq++) {
            System.arraycopy(rows, position(seq) * width, newRows, (int) (seq & (newCapacity - 1)) * width, width);
        }
        rows = newRows;
        capacity = newCapacity;
        rebuild(newCapacity * 2);
    }

    /** New hash tables of {@code length} cells holding the live rows only. */
    private void rebuild(int length) {
        cells = new int[keyColumns.length][length];
        occupied = new int[keyColumns.length];
        hidTwins = new boolean[keyColumns.length];
        stale = new boolean[keyColumns.length];
        for (long seq = head; seq < tail; seq++) { // oldest first, so each key's youngest row leads
            int pos = position(seq);
            if (rows[pos * width + keyColumns[0]] == 0) {
                continue; // cleared
            }
            for (int k = 0; k < keyColumns.length; k++) {
                insert(k, rows[pos * width + keyColumns[k]], pos);
            }
        }
    }

    /** @return a copy (rows, sequence numbers and hash tables), for a checkpoint written outside the index's lock */
    HashedRowRing copy() {
        for (boolean s : stale) {
            if (s) {
                rebuild(cells[0].length); // what is written must need no refill: the flags are not written
                break;
            }
        }
        HashedRowRing c = new HashedRowRing(width, keyColumns);
        c.rows = rows.clone();
        c.capacity = capacity;
        c.head = head;
        c.tail = tail;
        c.cells = new int[cells.length][];
        for (int k = 0; k < cells.length; k++) {
            c.cells[k] = cells[k].clone();
        }
        c.occupied = occupied.clone();
        c.hidTwins = hidTwins.clone();
        c.stale = stale.clone();
        return c;
    }

    /**
     * Writes the ring as it is in memory, hash tables included, so that {@link #readFrom} is a few bulk copies: a
     * million rows are back in tens of milliseconds, where rebuilding the tables would cost a cache miss per row.
     */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(width);
        out.writeInt(keyColumns.length);
        out.writeInt(capacity);
        out.writeLong(head);
        out.writeLong(tail);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < rows.length; ) {
            chunk.clear();
            int n = Math.min(rows.length - i, chunk.capacity() / 8);
            chunk.asLongBuffer().put(rows, i, n);
            out.write(chunk.array(), 0, n * 8);
            i += n;
        }
        for (int k = 0; k < keyColumns.length; k++) {
            out.writeInt(cells[k].length);
            out.writeInt(occupied[k]);
            for (int i = 0; i < cells[k].length; ) {
                chunk.clear();
                int n = Math.min(cells[k].length - i, chunk.capacity() / 4);
                chunk.asIntBuffer().put(cells[k], i, n);
                out.write(chunk.array(), 0, n * 4);
                i += n;
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into this ring of the same shape, replacing its content.
     *
     * @throws IOException if the data does not describe a ring of this shape
     */
    void readFrom(ByteBuffer in) throws IOException {
        if (in.remaining() < 28 || in.getInt() != width || in.getInt() != keyColumns.length) {
            throw new IOException("not a ring of width " + width);
        }
        int newCapacity = in.getInt();
        long first = in.getLong();
        long end = in.getLong();
        if (newCapacity < MIN_CAPACITY
                || Integer.bitCount(newCapacity) != 1
                || newCapacity > (1 << 26)
                || first < 0
                || end < first
                || end - first > newCapacity) {
            throw new IOException("a ring of " + first + ".." + end + " in " + newCapacity + " rows");
        }
        long[] newRows = new long[newCapacity * width];
        if (in.remaining() < newRows.length * 8L) {
            throw new IOException("a ring cut short");
        }
        in.asLongBuffer().get(newRows); // in bulk: a million rows are read in milliseconds
        in.position(in.position() + newRows.length * 8);
        int[][] newCells = new int[keyColumns.length][];
        int[] newOccupied = new int[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            int length = in.getInt();
            newOccupied[k] = in.getInt();
            if (length != newCapacity * 2 || newOccupied[k] < 0 || in.remaining() < length * 4L) {
                throw new IOException("a hash table of " + length + " cells for " + newCapacity + " rows");
            }
            newCells[k] = new int[length];
            in.asIntBuffer().get(newCells[k]);
            in.position(in.position() + length * 4);
            for (int c : newCells[k]) {
                if (c < 0 || c > newCapacity) {
                    throw new IOException("a hash cell out of the ring");
                }
            }
        }
        rows = newRows;
        capacity = newCapacity;
        head = first;
        tail = end;
        cells = newCells;
        occupied = newOccupied;
        hidTwins = new boolean[keyColumns.length];
        Arrays.fill(hidTwins, true); // not written: assume twins, so a clear refills the table before a find
        stale = new boolean[keyColumns.length];
    }

    /** @return the cells in use in the hash table of {@code keyColumn}, live or stale (for tests) */
    int occupiedCells(int keyColumn) {
        return occupied[tableOf(keyColumn)];
    }

    @Override
    public String toString() {
        return "HashedRowRing[" + size() + " rows of " + width + ", capacity " + capacity + ", keys "
                + Arrays.toString(keyColumns) + "]";
    }
}
