package dev.lazarus.bench.log;

import dev.lazarus.store.log.ForwardingLogFile;
import dev.lazarus.store.log.LogFile;
import dev.lazarus.store.log.LogFileOpener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The standard opener, counting the writes and syncs the journal makes. */
public final class CountingOpener implements LogFileOpener {
    final AtomicLong writes = new AtomicLong();
    final AtomicLong forces = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    @Override
    public LogFile open(Path file, boolean create) throws IOException {
        return new ForwardingLogFile(LogFileOpener.standard().open(file, create)) {
            @Override
            public long write(ByteBuffer... srcs) throws IOException {
                writes.incrementAndGet();
                long n = super.write(srcs);
                bytes.addAndGet(n);
                return n;
            }

            @Override
            public void force(boolean metadata) throws IOException {
                forces.incrementAndGet();
                super.force(metadata);
            }
        };
    }
}
