package dev.lazarus.store.log;

import java.nio.file.Path;

/**
 * Receives the records of a journal with the place each is stored at, for readers that must name a
 * record's file and offset (the command line's {@code verify}) without knowing the segment layout
 * themselves: that layout is {@link SegmentFormat}'s alone.
 */
@FunctionalInterface
public interface LocatedRecordVisitor {
    /**
     * Called once per record, in strictly increasing {@code lsn} order.
     *
     * @param segment the segment file the record is in
     * @param offset the byte offset of the record's frame in that file
     * @param lsn the record's log sequence number
     * @param type the record type byte
     * @param payload the record's payload; a fresh array the visitor may keep
     */
    void visit(Path segment, long offset, long lsn, byte type, byte[] payload);
}
