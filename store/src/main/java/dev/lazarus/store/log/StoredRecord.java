package dev.lazarus.store.log;

import java.util.Objects;

/**
 * One record as the journal stores it, read back by its lsn ({@link JournalLog#read}).
 *
 * @param lsn the record's log sequence number, the one it was appended with (compaction keeps it)
 * @param type the record type byte the engine chose when appending
 * @param payload the record's payload; a fresh array the caller may keep
 */
public record StoredRecord(long lsn, byte type, byte[] payload) {
    /**
     * @param lsn the record's log sequence number
     * @param type the record type byte
     * @param payload the payload, not null
     */
    public StoredRecord {
        Objects.requireNonNull(payload, "payload");
    }

    /** @return a one-line description (lsn, type, payload size), for logs */
    @Override
    public String toString() {
        return "StoredRecord[lsn=" + lsn + ", type=" + type + ", " + payload.length + " bytes]";
    }
}
