package dev.lazarus.agent.internal.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import org.slf4j.Logger;

/**
 * What each thread of this process is doing for the executions it runs, kept where the next process can read it
 * after this one died: a small memory-mapped file in the journal directory ({@value #FILE_NAME}). A thread that
 * runs an execution, or a branch of one, holds a slot saying which top-level execution it works for, whether it
 * is in that execution's own code or outside (waiting, in a journaled call, in an effect) and the position it
 * reached. The next process reads the board before it resumes anything ({@link LeftBoard}): an execution that was
 * in its own code when the process died is the likely cause of the death, one that waited or called out is not
 * (see {@link PoisonCheck}).
 *
 * <p>Writing a state is one store into the mapped page: a process killed by a signal leaves its stores in the page
 * cache, where the next process finds them. A graceful shutdown (a shutdown hook, {@link Engine#close}) marks the
 * board clean, and a clean board attributes nothing. The board is not synced while the process runs, so a power
 * cut or a reboot may lose or half-write it: the header records the machine's boot, and a board from an earlier
 * boot is ignored, as is a torn, foreign or missing one (nothing is attributed then).
 *
 * <p>Slots come from a free list of {@value #SLOTS}; when none is free the execution is simply not tracked (one
 * warning). Layout, in the machine's byte order (the magic tells another order apart): a header of
 * {@value #HEADER_BYTES} bytes (magic {@code LZAB}, version, slot count, slot size, boot hash, process id, start
 * time, CRC32C of those, then the clean flag) and {@value #SLOTS} slots of {@value #SLOT_BYTES} bytes (key: hash of
 * the top-level execution's id, 0 for a free slot; a check derived from the key; state; position; kind).
 */
final class ActivityBoard {
    /** The board's file name in the journal directory. */
    static final String FILE_NAME = "activity.board";

    /** The thread runs the execution's own code: its body, or code the body recomputes. */
    static final int OWN_CODE = 1;
    /** The thread waits for a child execution or a branch of its own: what counts is what those do. */
    static final int JOINING = 2;
    /** The thread waits for an event, a timer or a retry's back-off. */
    static final int WAITING = 3;
    /** The thread is inside a journaled call (the callee runs, or its outcome is being journaled). */
    static final int IN_CALL = 4;
    /** The thread performs an effect at a boundary, or an effect is in flight (asynchronous, or a stream). */
    static final int IN_EFFECT = 5;

    /** A slot of the top-level execution's own thread: its position is the execution's. */
    static final int TOP_LEVEL = 1;
    /** A slot of a child execution, a branch, or an effect in flight. */
    static final int INNER = 2;

    static final int SLOTS = 16_384;
    static final int SLOT_BYTES = 32;
    static final int HEADER_BYTES = 64;

    static final int MAGIC = 0x4C5A4142; // "LZAB"
    static final int VERSION = 1;

    // header offsets
    static final int H_MAGIC = 0;
    static final int H_VERSION = 4;
    static final int H_SLOTS = 8;
    static final int H_SLOT_BYTES = 12;
    static final int H_BOOT = 16;
    static final int H_PID = 24;
    static final int H_STARTED = 32;
    static final int H_CRC = 40;
    static final int H_CLEAN = 44;
    /** The header bytes the CRC covers. */
    static final int H_CRC_COVERS = H_CRC;

    // slot offsets
    static final int S_KEY = 0;
    static final int S_CHECK = 8;
    static final int S_STATE = 16;
    static final int S_POSITION = 20;
    static final int S_KIND = 24;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /**
     * The mapped file; after {@link #detach} a buffer of its own, so threads of a process that is considered dead
     * (a test's simulated kill) write nowhere the next engine reads. Not final for that reason only.
     */
    private ByteBuffer board;

    private final int slots;
    private final int[] free;
    /** Free slots on top of {@link #free} (guarded by {@code free}). */
    private int freeCount;

    private final Logger log;
    private final Path file;
    private final AtomicBoolean warnedFull = new AtomicBoolean();

    private ActivityBoard(ByteBuffer board, int slots, Path file, Logger log) {
        this.board = board;
        this.slots = slots;
        this.file = file;
        this.log = log;
        this.free = new int[slots];
        // the lowest slots first: a process with few executions touches one page of the file
        for (int i = 0; i < slots; i++) {
            free[i] = slots - 1 - i;
        }
        this.freeCount = slots;
    }

    /**
     * Makes this process's board in {@code journalDir}, over whatever the last process left (read that first,
     * with {@link LeftBoard#read}). A board that cannot be made (a read-only directory, a full disk) tracks
     * nothing, with one warning: crashes are then not attributed to any execution.
     *
     * @param journalDir the journal directory (its lock is held)
     * @param log where the warning goes
     * @return the board, every slot free and not clean
     */
    static ActivityBoard open(Path journalDir, Logger log) {
        Path file = journalDir.resolve(FILE_NAME);
        int size = HEADER_BYTES + SLOTS * SLOT_BYTES;
        try {
            if (Files.isSymbolicLink(file)) {
                // the board is mapped and written: never through a link. The link itself is ours to remove (it is in
                // the journal directory); what it points to is left alone
                log.warn(
                        "LAZ-110: the activity board {} is a symbolic link (to {}); removed, and a board made in its"
                                + " place",
                        file,
                        Files.readSymbolicLink(file));
                Files.delete(file);
            }
            if (Files.exists(file) && Files.size(file) != size) {
                Files.delete(file); // another layout: made anew (never shrunk while someone may map it)
            }
            if (!Files.exists(file)) {
                create(file);
            }
            MappedByteBuffer mapped;
            try (FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.READ, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (ch.size() < size) {
                    ch.write(ByteBuffer.allocate(1), size - 1); // sparse: pages are allocated as slots are used
                }
                mapped = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            }
            mapped.order(ByteOrder.nativeOrder());
            reset(mapped, SLOTS);
            return new ActivityBoard(mapped, SLOTS, file, log);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "the activity board {} cannot be made ({}); crashes are not attributed to executions in this"
                            + " process, so none counts towards maxRecoveries",
                    file,
                    e.toString());
            return disabled(log);
        }
    }

    /** A board that tracks nothing: every claim answers -1. */
    static ActivityBoard disabled(Logger log) {
        return new ActivityBoard(ByteBuffer.allocate(0), 0, null, log);
    }

    private static void create(Path file) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        Files.createFile(file, ownerOnly); // owner-only like the segments: it names what the process was doing
    }

    /** Frees every slot the last process left and writes this process's header (not clean). */
    private static void reset(ByteBuffer b, int slots) {
        b.putInt(H_CLEAN, 0);
        for (int i = 0; i < slots; i++) {
            int at = HEADER_BYTES + i * SLOT_BYTES;
            if (b.getLong(at + S_KEY) != 0 || b.getLong(at + S_CHECK) != 0) {
                for (int k = 0; k < SLOT_BYTES; k += 8) {
                    b.putLong(at + k, 0);
                }
            }
        }
        b.putInt(H_MAGIC, MAGIC);
        b.putInt(H_VERSION, VERSION);
        b.putInt(H_SLOTS, slots);
        b.putInt(H_SLOT_BYTES, SLOT_BYTES);
        b.putLong(H_BOOT, bootHash());
        b.putLong(H_PID, ProcessHandle.current().pid());
        b.putLong(H_STARTED, System.currentTimeMillis());
        b.putInt(H_CRC, headerCrc(b));
    }

    static int headerCrc(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        byte[] header = new byte[H_CRC_COVERS];
        for (int i = 0; i < header.length; i++) {
            header[i] = b.get(i);
        }
        crc.update(header);
        return (int) crc.getValue();
    }

    /**
     * The machine's boot, as a number: a board written before the machine last started (a power cut, a reboot) is
     * not this boot's, and its stores may never have reached the disk. 0 where the system does not say.
     */
    static long bootHash() {
        try {
            return hash(Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                    .trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A 64-bit hash of a string (FNV-1a, then mixed), never 0: 0 marks a free slot. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** @return the key a slot holds for the top-level execution {@code topLevelId} */
    static long keyOf(String topLevelId) {
        return hash(topLevelId);
    }

    /** What a slot's check must be for its key: a slot whose claim a crash cut short does not match. */
    static long check(long key) {
        return Long.rotateLeft(key, 23) ^ 0x9E3779B97F4A7C15L;
    }

    /**
     * Takes a free slot for a thread that starts running code of the top-level execution {@code key}, in
     * {@code state}.
     *
     * @param key {@link #keyOf} the top-level execution
     * @param kind {@link #TOP_LEVEL} or {@link #INNER}
     * @param state the first state
     * @return the slot, or -1 if none is free (the work is not tracked)
     */
    int claim(long key, int kind, int state) {
        int slot;
        synchronized (free) {
            if (freeCount == 0) {
                if (slots > 0 && warnedFull.compareAndSet(false, true)) {
                    log.warn(
                            "the activity board {} is full ({} threads run executions at once); executions beyond"
                                    + " that are not tracked, so a crash in their own code does not count towards"
                                    + " maxRecoveries",
                            file,
                            slots);
                }
                return -1;
            }
            slot = free[--freeCount];
        }
        ByteBuffer b = board;
        int at = HEADER_BYTES + slot * SLOT_BYTES;
        b.putInt(at + S_STATE, state);
        b.putInt(at + S_POSITION, 0);
        b.putInt(at + S_KIND, kind);
        b.putLong(at + S_CHECK, check(key));
        LONGS.setRelease(b, at + S_KEY, key); // last: a slot with a key is complete
        return slot;
    }

    /** Gives a slot back: the thread no longer runs that work. */
    void release(int slot) {
        LONGS.setRelease(board, HEADER_BYTES + slot * SLOT_BYTES + S_KEY, 0L);
        synchronized (free) {
            free[freeCount++] = slot;
        }
    }

    /** Sets a slot's state: one store, the cost the hot path pays on entering and leaving a journaled call. */
    void mark(int slot, int state) {
        board.putInt(HEADER_BYTES + slot * SLOT_BYTES + S_STATE, state);
    }

    /** Sets a slot's state and the position its execution reached. */
    void mark(int slot, int state, int position) {
        ByteBuffer b = board;
        int at = HEADER_BYTES + slot * SLOT_BYTES;
        b.putInt(at + S_POSITION, position);
        b.putInt(at + S_STATE, state);
    }

    /** @return a slot's state */
    int state(int slot) {
        return board.getInt(HEADER_BYTES + slot * SLOT_BYTES + S_STATE);
    }

    /**
     * The process stops gracefully: whatever its threads do from now on, its death is nobody's fault. Written
     * through to the disk as far as the system allows.
     */
    void markClean() {
        ByteBuffer b = board;
        if (b.capacity() < HEADER_BYTES) {
            return;
        }
        b.putInt(H_CLEAN, 1);
        if (b instanceof MappedByteBuffer m) {
            try {
                m.force();
            } catch (RuntimeException e) {
                // the flag is in the page cache, which the next process reads unless the machine stops
            }
        }
    }

    /**
     * Leaves the board as it is and stops writing it, as a killed process does: later marks of this process's
     * threads go to memory nobody reads. For the engine tests' simulated kill.
     */
    void detach() {
        board = ByteBuffer.allocateDirect(board.capacity()).order(ByteOrder.nativeOrder());
    }
}
