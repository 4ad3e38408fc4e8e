package dev.lazarus.agent.internal.effect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of a streamed OkHttp response as the caller gets it live: an Okio {@code Source} (a proxy made in
 * the application's loader) that reads from the network's source and keeps a copy of every byte it hands
 * the caller, so the exchange can be journaled as what was read. When the caller has read to the end, closed
 * the body, or met a network failure, the engine is told ({@link #onDone}); when the engine needs the data
 * before that ({@link #finish}), the rest is read from the network into memory and served to the caller from
 * there. A failure while reading is part of the data: replay fails at the same byte.
 */
final class RecordingOkioSource implements InvocationHandler, StreamedData {
    private static final long CHUNK = 8192;

    private final OkHttpApi api;
    private final Object live;
    private final Map<String, Object> exchange;
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();
    private final Object scratch;
    /** Bytes {@link #finish} read for the caller that the caller has not taken yet. */
    private byte[] drained = new byte[0];

    private int drainedAt;
    private boolean ended;
    private boolean closed;
    private String failure;
    private Runnable done;
    private boolean doneRun;

    /**
     * @param api OkHttp as the call's loader sees it
     * @param live the network body's Okio source
     * @param exchange the exchange as data so far (all but the body), completed by {@link #finish}
     */
    RecordingOkioSource(OkHttpApi api, Object live, Map<String, Object> exchange) throws IOException {
        this.api = api;
        this.live = live;
        this.exchange = exchange;
        this.scratch = api.newBuffer();
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "read":
                return read(args[0], (Long) args[1]);
            case "timeout":
                return api.timeout(live);
            case "close":
                close();
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "journaled(" + live + ")";
            default:
                throw new UnsupportedOperationException(method.toString());
        }
    }

    private long read(Object sink, long byteCount) throws IOException {
        boolean reachedTheEnd = false;
        try {
            synchronized (this) {
                if (drainedAt < drained.length) {
                    int n = (int) Math.min(byteCount, drained.length - drainedAt);
                    api.write(sink, drained, drainedAt, n);
                    drainedAt += n;
                    return n;
                }
                if (closed) {
                    throw new IllegalStateException("closed");
                }
                if (ended) {
                    if (failure != null) {
                        throw new IOException(failure);
                    }
                    return -1;
                }
                long n;
                try {
                    n = api.read(live, scratch, Math.min(byteCount, CHUNK));
                } catch (IOException e) {
                    ended = true;
                    failure = e.toString();
                    reachedTheEnd = true;
                    throw e;
                }
                if (n < 0) {
                    ended = true;
                    reachedTheEnd = true;
                    return -1;
                }
                byte[] bytes = api.readByteArray(scratch);
                read.write(bytes, 0, bytes.length);
                api.write(sink, bytes, 0, bytes.length);
                return n;
            }
        } finally {
            if (reachedTheEnd) {
                runDone();
            }
        }
    }

    private void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            api.close(live);
        } finally {
            runDone();
        }
    }

    private void runDone() {
        Runnable r;
        synchronized (this) {
            if (doneRun || done == null) {
                return;
            }
            doneRun = true;
            r = done;
        }
        r.run(); // outside the lock: the engine calls finish() and appends to the journal
    }

    @Override
    public void onDone(Runnable done) {
        synchronized (this) {
            this.done = done;
            if (!ended && !closed) {
                return;
            }
        }
        runDone();
    }

    @Override
    public synchronized Object finish() {
        if (!ended && !closed) {
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(drained, drainedAt, drained.length - drainedAt);
            try {
                while (api.read(live, scratch, CHUNK) >= 0) {
                    byte[] bytes = api.readByteArray(scratch);
                    read.write(bytes, 0, bytes.length);
                    rest.write(bytes, 0, bytes.length);
                }
            } catch (IOException | RuntimeException e) {
                failure = e.toString();
            }
            ended = true;
            drained = rest.toByteArray();
            drainedAt = 0;
        }
        Map<String, Object> data = new LinkedHashMap<>(exchange);
        data.put(OkHttpBoundary.BODY, read.toByteArray());
        if (failure != null) {
            data.put(OkHttpBoundary.FAILURE, failure);
        }
        return data;
    }
}
