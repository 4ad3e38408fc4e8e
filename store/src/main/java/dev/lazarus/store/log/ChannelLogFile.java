package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;

/** The standard {@link LogFile}: a thin wrapper over a {@link FileChannel}. */
final class ChannelLogFile implements LogFile {
    static final LogFileOpener OPENER = ChannelLogFile::open;

    private final FileChannel channel;

    private ChannelLogFile(FileChannel channel) throws IOException {
        this.channel = channel;
        channel.position(channel.size());
    }

    static LogFile open(Path file, boolean create) throws IOException {
        FileChannel ch;
        if (create) {
            FileAttribute<?>[] attrs = Fs.ownerOnlyFile(file);
            ch = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs);
        } else {
            ch = FileChannel.open(file, StandardOpenOption.WRITE);
        }
        try {
            return new ChannelLogFile(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory at all; they also do not need the sync.
            return;
        }
        try (ch) {
            ch.force(true);
        }
    }

    @Override
    public long write(ByteBuffer... srcs) throws IOException {
        long total = 0;
        if (srcs.length == 1) {
            // write(2) rather than writev(2) for the common single-buffer batch
            ByteBuffer src = srcs[0];
            while (src.hasRemaining()) {
                total += channel.write(src);
            }
            return total;
        }
        while (true) {
            total += channel.write(srcs);
            boolean more = false;
            for (ByteBuffer b : srcs) {
                if (b.hasRemaining()) {
                    more = true;
                    break;
                }
            }
            if (!more) {
                return total;
            }
        }
    }

    @Override
    public void force(boolean metadata) throws IOException {
        channel.force(metadata);
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.position(size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
