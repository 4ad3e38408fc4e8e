/**
 * The journal's append-only log: self-checking records in segment files, one writer thread with group
 * commit, crash recovery on open, reads by lsn and from an lsn on, compaction of sealed segments, a read-only
 * scan for tools. Generic: a record is a type byte and payload bytes; the engine gives them meaning.
 *
 * <h2>On disk</h2>
 * A journal is a directory (rwx------) holding {@code journal.lock} and {@code segment-NNNNNNNNNN.log}
 * files (rw-------), and for a moment during a compaction a {@code segment-NNNNNNNNNN.log.compacting} file.
 * Each segment starts with a header (magic {@code LZJL}, format version, segment number, first lsn, and in
 * version 2 the compacted flag and the covered-through lsn, CRC32C); records follow back to back as
 * (payload length, type, lsn, CRC32C over type, lsn and payload, payload), big-endian. Lsns start at 1 and
 * increase by one per record across plain segments; a compacted segment keeps the lsns of the records it
 * kept. The writer rolls over to a new segment once the current one reached the segment size (it may exceed
 * it by one batch). Payloads are at most 64 MiB. {@code SegmentFormat} has the layout
 * byte by byte; it is the one place that describes it.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Torn tail vs corruption.</b> On open, the first bad record of the newest segment is a torn
 *       write only if no valid frame (CRC-checked, with an lsn a later record could have) starts at any
 *       byte offset after it; then it is truncated and reported ({@link dev.lazarus.store.log.RecoveryReport}).
 *       Anything else is refused with file and offset: a bad record in an older segment, a bad record
 *       followed by a valid one, a CRC-valid record with the wrong lsn, a missing, renamed or swapped
 *       segment. A newest segment no longer than its header whose header is incomplete is the trace of a
 *       crash during roll-over (the header is forced and the directory synced before any record goes in)
 *       and is deleted. Caveat: after a power loss a file system may persist a later page of an unsynced
 *       write but not an earlier one; such a tail is refused, not truncated (the safe direction).</li>
 *   <li><b>The journal starts at lsn 1.</b> Its lowest segment, whatever its number, starts at lsn 1 (a
 *       compaction's output starts where its run started), and every later segment starts where the previous
 *       one's range ends: a missing segment anywhere is corruption, found from the headers alone after a
 *       compacted segment and by reading the segment before it after a plain one. Segment numbers may have
 *       holes (a compaction deletes its run's other segments).</li>
 *   <li><b>Compaction rewrites sealed segments in place</b>, with the records' lsns unchanged, and commits
 *       with one rename (see {@link dev.lazarus.store.log.JournalLog#compact}); a crash leaves the run or its
 *       replacement plus leftovers that the next open deletes. It never touches the active segment, so it
 *       never takes the append lock.</li>
 *   <li><b>Open costs what comes after the lsn asked for.</b> Every header is read; the records of the
 *       segments before that lsn are not (they are CRC-checked when they are read later, by lsn or by a
 *       compaction). Each segment has a sparse offset index (an entry per 64 KiB) made by whoever reads or
 *       writes it first.</li>
 *   <li><b>Fail-stop.</b> A failed write, sync, roll-over or close of a segment stops the journal: pending
 *       and later appends get {@code LAZ-104}; nothing is written or synced again, not even by
 *       {@code close()}. The process must restart; recovery then reads what reached the disk.</li>
 *   <li><b>The lock.</b> {@code FileChannel.tryLock} on {@code journal.lock}, which holds the owner's pid,
 *       host, lock time and process start. The file is never deleted. On POSIX systems closing
 *       <em>any</em> descriptor of a file drops all of the process's locks on it (verified on JDK 17 and
 *       25): a process that owns a journal must never open {@code journal.lock} itself (not even to read
 *       it), so a second open in the same JVM is refused from an in-memory registry.</li>
 *   <li><b>Durability modes</b> are described on {@link dev.lazarus.store.log.Durability}; the writer
 *       thread is a daemon, so with {@code PROCESS} or {@code ASYNC} an application that exits without
 *       closing the journal can lose up to one sync interval.</li>
 *   <li><b>Reading</b> never allocates for a length field before checking it against the bytes the file
 *       really has and the 64 MiB maximum.</li>
 * </ul>
 */
package dev.lazarus.store.log;
