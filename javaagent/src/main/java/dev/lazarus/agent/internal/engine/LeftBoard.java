package dev.lazarus.agent.internal.engine;

import static dev.lazarus.agent.internal.engine.ActivityBoard.HEADER_BYTES;
import static dev.lazarus.agent.internal.engine.ActivityBoard.SLOT_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the last process's {@link ActivityBoard} says about the executions it was running when it died: for each
 * top-level execution (a child's and a branch's work counts as their top-level execution's), whether it crashed
 * the process in its own code.
 *
 * <p>An execution is taken to have crashed the process when at least one of its threads was in its own code and
 * none was outside (waiting for an event or a timer, in a journaled call, performing an effect or with one in
 * flight). A thread of the execution that waits for the outside world makes the death look like what a deploy
 * during a slow call looks like, and a body blocked on a branch's future (a plain {@code Future.get}, which the
 * engine does not see) is in its own code while its branch calls out: so any thread outside excuses the
 * execution. The rule is lenient on purpose: a crash that is not attributed costs one more recovery, one that is
 * attributed wrongly fails an execution that was fine.
 */
final class LeftBoard {
    /** What one top-level execution's threads were doing. */
    private static final class Activity {
        boolean ownCode;
        boolean outside;
        int position = -1;
    }

    private final Map<Long, Activity> byKey;
    private final String ignored;

    private LeftBoard(Map<Long, Activity> byKey, String ignored) {
        this.byKey = byKey;
        this.ignored = ignored;
    }

    /**
     * Reads the board the last process left in {@code journalDir}. Call it before {@link ActivityBoard#open}
     * resets the file, with the journal's lock held (no other process writes the board then).
     */
    static LeftBoard read(Path journalDir) {
        byte[] bytes;
        try {
            bytes = JournalFiles.read(journalDir.resolve(ActivityBoard.FILE_NAME)); // never through a link
        } catch (NoSuchFileException e) {
            return nothing("there is none");
        } catch (IOException | RuntimeException e) {
            return nothing("it cannot be read: " + e);
        }
        return parse(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), ActivityBoard.bootHash());
    }

    /**
     * @param b the board's bytes
     * @param boot this machine's boot ({@link ActivityBoard#bootHash})
     */
    static LeftBoard parse(ByteBuffer b, long boot) {
        if (b.capacity() < HEADER_BYTES
                || b.getInt(ActivityBoard.H_MAGIC) != ActivityBoard.MAGIC
                || b.getInt(ActivityBoard.H_VERSION) != ActivityBoard.VERSION
                || b.getInt(ActivityBoard.H_SLOT_BYTES) != SLOT_BYTES
                || b.getInt(ActivityBoard.H_CRC) != ActivityBoard.headerCrc(b)) {
            return nothing("it is not a board this version wrote, or its header is torn");
        }
        int slots = b.getInt(ActivityBoard.H_SLOTS);
        if (slots < 0 || (long) HEADER_BYTES + (long) slots * SLOT_BYTES != b.capacity()) {
            return nothing("its size does not match its header");
        }
        if (b.getLong(ActivityBoard.H_BOOT) != boot) {
            return nothing("it was written before the machine last started (a power cut or a reboot)");
        }
        if (b.getInt(ActivityBoard.H_CLEAN) != 0) {
            return nothing("the last process stopped gracefully");
        }
        Map<Long, Activity> byKey = new HashMap<>();
        for (int i = 0; i < slots; i++) {
            int at = HEADER_BYTES + i * SLOT_BYTES;
            long key = b.getLong(at + ActivityBoard.S_KEY);
            if (key == 0 || b.getLong(at + ActivityBoard.S_CHECK) != ActivityBoard.check(key)) {
                continue; // free, or a claim the death cut short
            }
            int state = b.getInt(at + ActivityBoard.S_STATE);
            int kind = b.getInt(at + ActivityBoard.S_KIND);
            Activity a = byKey.computeIfAbsent(key, k -> new Activity());
            switch (state) {
                case ActivityBoard.OWN_CODE:
                    a.ownCode = true;
                    break;
                case ActivityBoard.WAITING:
                case ActivityBoard.IN_CALL:
                case ActivityBoard.IN_EFFECT:
                    a.outside = true;
                    break;
                default:
                    break; // joining a child or a branch: what those did decides
            }
            if (kind == ActivityBoard.TOP_LEVEL) {
                a.position = b.getInt(at + ActivityBoard.S_POSITION);
            }
        }
        return new LeftBoard(byKey, null);
    }

    private static LeftBoard nothing(String why) {
        return new LeftBoard(Map.of(), why);
    }

    /** @return whether the top-level execution {@code id} was running its own code, and only that, at the death */
    boolean crashedInOwnCode(String id) {
        Activity a = byKey.get(ActivityBoard.keyOf(id));
        return a != null && a.ownCode && !a.outside;
    }

    /** @return the position the top-level execution {@code id}'s own thread had reached, or -1 if unknown */
    int position(String id) {
        Activity a = byKey.get(ActivityBoard.keyOf(id));
        return a == null ? -1 : a.position;
    }

    /** @return why the board attributes nothing (missing, clean, torn, another boot), or {@code null} if it was read */
    String ignored() {
        return ignored;
    }
}
