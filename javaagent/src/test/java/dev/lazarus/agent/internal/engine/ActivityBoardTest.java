package dev.lazarus.agent.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.helpers.NOPLogger;

/**
 * The activity board's file as the next process reads it: which executions were in their own code, and when the
 * board says nothing (a clean stop, another boot, a torn or foreign file, a claim cut short).
 */
class ActivityBoardTest {
    @TempDir
    Path dir;

    private ActivityBoard board() {
        return ActivityBoard.open(dir, NOPLogger.NOP_LOGGER);
    }

    private LeftBoard left() {
        return LeftBoard.read(dir);
    }

    @Test
    void anExecutionWithAThreadInItsOwnCodeAndNoneOutsideCrashedTheProcess() {
        ActivityBoard b = board();
        int own = b.claim(ActivityBoard.keyOf("own"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE);
        b.mark(own, ActivityBoard.OWN_CODE, 7);
        int joining = b.claim(ActivityBoard.keyOf("joins"), ActivityBoard.TOP_LEVEL, ActivityBoard.JOINING);
        b.claim(ActivityBoard.keyOf("joins"), ActivityBoard.INNER, ActivityBoard.OWN_CODE);
        b.claim(ActivityBoard.keyOf("calls"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE);
        b.claim(ActivityBoard.keyOf("calls"), ActivityBoard.INNER, ActivityBoard.IN_CALL);
        for (int state : new int[] {ActivityBoard.WAITING, ActivityBoard.IN_CALL, ActivityBoard.IN_EFFECT}) {
            b.claim(ActivityBoard.keyOf("outside-" + state), ActivityBoard.TOP_LEVEL, state);
        }
        b.release(b.claim(ActivityBoard.keyOf("released"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE));
        b.mark(joining, ActivityBoard.JOINING, 3);

        LeftBoard left = left();

        assertNull(left.ignored());
        assertTrue(left.crashedInOwnCode("own"));
        assertEquals(7, left.position("own"));
        assertTrue(left.crashedInOwnCode("joins"), "a parent waiting for a child that runs its own code");
        assertEquals(3, left.position("joins"), "the top-level thread's position, not the child's");
        assertFalse(left.crashedInOwnCode("calls"), "a thread of the execution was outside: not its crash");
        for (int state : new int[] {ActivityBoard.WAITING, ActivityBoard.IN_CALL, ActivityBoard.IN_EFFECT}) {
            assertFalse(left.crashedInOwnCode("outside-" + state), "state " + state);
        }
        assertFalse(left.crashedInOwnCode("released"), "a slot given back says nothing");
        assertFalse(left.crashedInOwnCode("never-there"));
        assertEquals(-1, left.position("never-there"));
    }

    @Test
    void aCleanBoardAttributesNothing() {
        ActivityBoard b = board();
        b.claim(ActivityBoard.keyOf("own"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE);
        b.markClean();

        LeftBoard left = left();

        assertFalse(left.crashedInOwnCode("own"));
        assertNotNull(left.ignored());
    }

    @Test
    void theNextProcessStartsFromAnEmptyBoard() {
        ActivityBoard b = board();
        b.claim(ActivityBoard.keyOf("own"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE);
        assertTrue(left().crashedInOwnCode("own"));

        board(); // the next process, which read the board first

        LeftBoard left = left();
        assertNull(left.ignored());
        assertFalse(left.crashedInOwnCode("own"), "the last process's slots are freed");
    }

    @Test
    void aBoardFromAnotherBootATornHeaderOrAClaimCutShortAttributesNothing() throws Exception {
        ActivityBoard b = board();
        int slot = b.claim(ActivityBoard.keyOf("own"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE);
        byte[] bytes = Files.readAllBytes(dir.resolve(ActivityBoard.FILE_NAME));
        long boot = ActivityBoard.bootHash();
        assertTrue(LeftBoard.parse(wrap(bytes), boot).crashedInOwnCode("own"));

        assertFalse(LeftBoard.parse(wrap(bytes), boot + 1).crashedInOwnCode("own"), "after a reboot or power cut");

        ByteBuffer torn = wrap(bytes.clone());
        torn.putLong(ActivityBoard.H_PID, torn.getLong(ActivityBoard.H_PID) + 1);
        LeftBoard tornLeft = LeftBoard.parse(torn, boot);
        assertFalse(tornLeft.crashedInOwnCode("own"), "the header's CRC does not match");
        assertNotNull(tornLeft.ignored());

        ByteBuffer cutShort = wrap(bytes.clone());
        int at = ActivityBoard.HEADER_BYTES + slot * ActivityBoard.SLOT_BYTES;
        cutShort.putLong(at + ActivityBoard.S_CHECK, 0);
        assertFalse(LeftBoard.parse(cutShort, boot).crashedInOwnCode("own"), "the slot's check does not match");

        assertFalse(
                LeftBoard.parse(wrap(new byte[ActivityBoard.HEADER_BYTES]), boot)
                        .crashedInOwnCode("own"),
                "a foreign file");
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    @Test
    void aFullBoardTracksNoMoreAndAFreedSlotIsTakenAgain() {
        ActivityBoard b = board();
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < ActivityBoard.SLOTS; i++) {
            int slot = b.claim(ActivityBoard.keyOf("e" + i), ActivityBoard.TOP_LEVEL, ActivityBoard.WAITING);
            assertTrue(slot >= 0);
            taken.add(slot);
        }
        assertEquals(-1, b.claim(ActivityBoard.keyOf("one-more"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE));

        b.release(taken.get(5));
        assertEquals(
                taken.get(5),
                b.claim(ActivityBoard.keyOf("one-more"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE));
    }

    @Test
    void theFileIsTheOwnersOnly() throws Exception {
        board();
        Path file = dir.resolve(ActivityBoard.FILE_NAME);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void aBoardThatCannotBeMadeTracksNothing() throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("file"));
        ActivityBoard b = ActivityBoard.open(notADirectory, NOPLogger.NOP_LOGGER);
        assertEquals(-1, b.claim(ActivityBoard.keyOf("e"), ActivityBoard.TOP_LEVEL, ActivityBoard.OWN_CODE));
        b.markClean(); // and nothing else fails
    }
}
