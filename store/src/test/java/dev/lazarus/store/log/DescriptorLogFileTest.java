package dev.lazarus.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard file honours the {@link LogFile} contract for every kind of buffer and open mode. */
class DescriptorLogFileTest {
    @TempDir
    Path tmp;

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void writesHeapDirectAndReadOnlyBuffersInOrderAndAdvancesThem() throws IOException {
        Path file = tmp.resolve("f");
        ByteBuffer direct = ByteBuffer.allocateDirect(3)
                .put("bb-".getBytes(StandardCharsets.US_ASCII))
                .flip();
        ByteBuffer readOnly = text("xxcc").position(2).asReadOnlyBuffer();
        ByteBuffer heap = text("aa-");
        try (LogFile f = LogFileOpener.standard().open(file, true)) {
            assertEquals(8, f.write(heap, direct, readOnly));
            assertEquals(0, heap.remaining() + direct.remaining() + readOnly.remaining());
            f.force(false);
            assertEquals(8, f.size());
        }
        assertArrayEquals("aa-bb-cc".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(file));
    }

    @Test
    void reopensAtTheEndAndTruncates() throws IOException {
        Path file = tmp.resolve("f");
        try (LogFile f = LogFileOpener.standard().open(file, true)) {
            f.write(text("0123456789"));
        }
        try (LogFile f = LogFileOpener.standard().open(file, false)) {
            f.truncate(4);
            f.write(text("ab"));
        }
        assertArrayEquals("0123ab".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(file));
    }

    @Test
    void createRefusesAnExistingFileAndOpenRefusesAMissingOne() {
        assertThrows(NoSuchFileException.class, () -> LogFileOpener.standard().open(tmp.resolve("missing"), false));
        assertThrows(FileAlreadyExistsException.class, () -> {
            LogFileOpener.standard().open(tmp.resolve("g"), true).close();
            LogFileOpener.standard().open(tmp.resolve("g"), true);
        });
    }
}
