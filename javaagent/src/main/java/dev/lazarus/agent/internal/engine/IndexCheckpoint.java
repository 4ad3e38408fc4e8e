package dev.lazarus.agent.internal.engine;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The index's checkpoint: the file {@code index.checkpoint} in the journal directory, so that opening a journal costs
 * what is unfinished, not what has ever happened. It holds the completed executions' rows and the events they
 * consumed ({@link HashedRowRing}), the deletions and outside consumptions retention still keeps, the lsn it covers
 * (with a CRC of that record's payload, to recognise the journal it was made from) and the lsn from which a scan
 * rebuilds what is held in full (the oldest unfinished or failed execution, the oldest pending event).
 *
 * <p>Written whole to {@code index.checkpoint.tmp}, synced, and renamed over the old one: a crash leaves the old
 * checkpoint or the new one, never a mix. A checkpoint is only a shortcut: one that is damaged, of another
 * version, or made from records the journal no longer has (a restored backup, a torn tail a power cut left in a mode
 * that does not sync) is ignored and the journal is scanned whole, as without one.
 */
final class IndexCheckpoint {
    static final String FILE = "index.checkpoint";
    private static final String TEMPORARY = FILE + ".tmp";
    private static final int MAGIC = 0x4c5a4958; // "LZIX"
    private static final int VERSION = 1;

    private IndexCheckpoint() {}

    /** A checkpoint as read: its header, the small parts decoded, the rings' bytes for the index to take over. */
    record Content(
            long appliedLsn,
            long appliedCrc,
            long scanFrom,
            Map<String, Long> deleted,
            List<String[]> outsideConsumptions,
            ByteBuffer completedBytes,
            ByteBuffer completedEventBytes) {
        void readCompleted(HashedRowRing ring) throws IOException {
            ring.readFrom(completedBytes);
        }

        void readCompletedEvents(HashedRowRing ring) throws IOException {
            ring.readFrom(completedEventBytes);
        }
    }

    /**
     * Writes a checkpoint of {@code s}, replacing the last one.
     *
     * @param dir the journal directory
     * @param s the index's snapshot
     * @param appliedCrc the CRC of the payload of the record at {@code s.appliedLsn()}
     */
    static void write(Path dir, ExecutionIndex.Snapshot s, long appliedCrc) throws IOException {
        Path tmp = dir.resolve(TEMPORARY);
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS); // a link planted here would be written through
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        new Crc32cStream(java.nio.channels.Channels.newOutputStream(ch), crc), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(s.appliedLsn());
            out.writeLong(appliedCrc);
            out.writeLong(s.scanFrom());
            out.writeInt(s.deleted().size());
            for (Map.Entry<String, Long> d : s.deleted().entrySet()) {
                out.writeUTF(d.getKey());
                out.writeLong(d.getValue());
            }
            out.writeInt(s.outsideConsumptions().size());
            for (String[] o : s.outsideConsumptions()) {
                out.writeUTF(o[0]);
                out.writeLong(Long.parseLong(o[1]));
            }
            writeRing(out, s.completed());
            writeRing(out, s.completedEvents());
            out.flush();
            long sum = crc.getValue();
            out.writeLong(sum); // not part of the sum: the stream's CRC was read before
            out.flush();
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself survives a power cut
        } catch (IOException ignored) {
            // some file systems cannot sync a directory; the rename is then as durable as they make it
        }
    }

    private static void writeRing(DataOutputStream out, HashedRowRing ring) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        ring.writeTo(d);
        d.flush();
        out.writeInt(bytes.size());
        bytes.writeTo(out);
    }

    /**
     * @param dir the journal directory
     * @return the checkpoint, or empty if there is none
     * @throws IOException if it cannot be read or is damaged (its CRC, its magic or its version)
     */
    static Optional<Content> read(Path dir) throws IOException {
        byte[] all;
        try {
            all = JournalFiles.read(dir.resolve(FILE)); // never through a link
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (all.length < 48) {
            throw new IOException("it is " + all.length + " bytes long, too short for a checkpoint");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 8);
        ByteBuffer in = ByteBuffer.wrap(all);
        if (in.getLong(all.length - 8) != crc.getValue()) {
            throw new IOException("its checksum does not match its content");
        }
        in.limit(all.length - 8);
        if (in.getInt() != MAGIC) {
            throw new IOException("it is not a Lazarus index checkpoint");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new IOException("it is of version " + version + "; this agent writes and reads version " + VERSION);
        }
        long appliedLsn = in.getLong();
        long appliedCrc = in.getLong();
        long scanFrom = in.getLong();
        Map<String, Long> deleted = new HashMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            deleted.put(readUtf(in), in.getLong());
        }
        List<String[]> outside = new ArrayList<>();
        for (int i = in.getInt(); i > 0; i--) {
            outside.add(new String[] {readUtf(in), Long.toString(in.getLong())});
        }
        ByteBuffer completed = slice(in);
        ByteBuffer events = slice(in);
        return Optional.of(new Content(appliedLsn, appliedCrc, scanFrom, deleted, outside, completed, events));
    }

    /** Deletes the checkpoint, if any (one found not to match its journal). */
    static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE));
    }

    private static ByteBuffer slice(ByteBuffer in) throws IOException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IOException("a part of " + length + " bytes where " + in.remaining() + " are left");
        }
        ByteBuffer part = in.slice(in.position(), length);
        in.position(in.position() + length);
        return part;
    }

    private static String readUtf(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8); // writeUTF's modified UTF-8 equals UTF-8 for ids
    }

    /** Sums what passes through it. */
    private static final class Crc32cStream extends OutputStream {
        private final OutputStream out;
        private final CRC32C crc;

        Crc32cStream(OutputStream out, CRC32C crc) {
            this.out = out;
            this.crc = crc;
        }

        @Override
        public void write(int b) throws IOException {
            crc.update(b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
