package dev.lazarus.agent.internal.effect;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The body of a replayed OkHttp response whose stream broke while it was read live: an Okio {@code Source}
 * (a proxy made in the application's loader) that serves the journaled bytes and then fails as the network
 * did. A body that did not break is served from a plain Okio buffer instead.
 */
final class JournaledOkioSource implements InvocationHandler {
    private final OkHttpApi api;
    private final byte[] bytes;
    private final String failure;
    private int at;

    JournaledOkioSource(OkHttpApi api, byte[] bytes, String failure) {
        this.api = api;
        this.bytes = bytes;
        this.failure = failure;
    }

    @Override
    public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "read":
                if (at < bytes.length) {
                    int n = (int) Math.min((Long) args[1], bytes.length - at);
                    api.write(args[0], bytes, at, n);
                    at += n;
                    return (long) n;
                }
                throw new IOException(failure);
            case "timeout":
                return api.timeout(api.newBuffer()); // a buffer's timeout: none
            case "close":
                return null;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "journaled(" + bytes.length + " bytes, then " + failure + ")";
            default:
                throw new UnsupportedOperationException(method.toString());
        }
    }
}
