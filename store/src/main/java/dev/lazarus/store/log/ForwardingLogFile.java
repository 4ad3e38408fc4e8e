package dev.lazarus.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link LogFile} that forwards every operation to another one: the base for the wrappers a
 * {@link LogFileOpener} returns to inject faults or count operations. Override only the operations to
 * intercept, and call {@code super} to reach the wrapped file.
 */
public class ForwardingLogFile implements LogFile {
    private final LogFile delegate;

    /** @param delegate the file every operation goes to, typically one the standard opener returned */
    public ForwardingLogFile(LogFile delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public long write(ByteBuffer... srcs) throws IOException {
        return delegate.write(srcs);
    }

    @Override
    public void force(boolean metadata) throws IOException {
        delegate.force(metadata);
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public void truncate(long size) throws IOException {
        delegate.truncate(size);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
