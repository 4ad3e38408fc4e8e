package dev.lazarus.agent.internal.effect;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * OkHttp's asynchronous {@code Call.enqueue(Callback)} (OkHttp 4 and 5, {@code okhttp3.internal.connection.RealCall}
 * and any other {@code okhttp3.Call}): an asynchronous effect, journaled as the first step of a branch of its own
 * (see {@link AsyncEffect}). The async clients of the OpenAI and Anthropic Java SDKs reach the network here.
 *
 * <p>Live, the caller's callback is wrapped (a proxy of {@code okhttp3.Callback} made in the call's loader): when
 * OkHttp answers on its dispatcher thread, the exchange is made data as the synchronous boundary makes it
 * ({@link OkHttpBoundary#exchangeOf}) and journaled, then the caller's {@code onResponse} gets the response rebuilt
 * from it; a body of server-sent events is handed on as it comes from the network and journaled when the caller
 * is done reading it (a process killed meanwhile has no record of it, and the call happens again). A failure is
 * journaled and handed to {@code onFailure}. The caller's callback runs as the effect's branch.
 *
 * <p>On replay nothing is enqueued: the caller's callback gets the rebuilt response (or the recorded failure) on
 * an agent thread, as OkHttp would call it on one of its own.
 *
 * <p>Journaled shape: the synchronous boundary's ({@link OkHttpBoundary}); a failure is journaled as the
 * exception.
 */
final class OkHttpAsyncBoundary implements AsyncEffectBoundary {
    static final String ID = "http:async:okhttp";

    private final OkHttpBoundary exchange = new OkHttpBoundary();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(new WovenMethod(Set.of("okhttp3/Call"), "enqueue", "(Lokhttp3/Callback;)V"));
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) throws Exception {
        return exchange.request(receiver, args);
    }

    @Override
    public Object start(Object receiver, Object[] args, AsyncEffect effect) throws Throwable {
        OkHttpApi api = OkHttpApi.of(receiver);
        Object request = api.request(receiver);
        Object callback = args[0];
        api.enqueue(receiver, api.callback((proxy, method, a) -> {
            switch (method.getName()) {
                case "onResponse":
                    onResponse(api, request, callback, a[0], a[1], effect);
                    return null;
                case "onFailure":
                    IOException failure = (IOException) a[1];
                    effect.failed(failure);
                    effect.inBranch(() -> {
                        api.onFailure(callback, a[0], failure);
                        return null;
                    });
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == a[0];
                case "toString":
                    return "journaled(" + callback + ")";
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        })); // the nested entry proceeds: the real call
        return null;
    }

    private static void onResponse(
            OkHttpApi api, Object request, Object callback, Object call, Object live, AsyncEffect effect)
            throws Throwable {
        Performed performed;
        try {
            performed = OkHttpBoundary.exchangeOf(api, request, live);
        } catch (IOException e) {
            // the body broke while it was read whole: OkHttp's own callers see that as the call's failure
            effect.failed(e);
            effect.inBranch(() -> {
                api.onFailure(callback, call, e);
                return null;
            });
            return;
        }
        StreamedData streamed = performed.streamed();
        if (streamed != null) {
            // the caller reads the body after onResponse (an SDK's stream, on another thread): journaled when done,
            // or when the code that enqueued the call is about to journal its next step
            effect.streaming(streamed);
        } else {
            effect.completed(performed.data());
        }
        effect.inBranch(() -> {
            api.onResponse(callback, call, performed.value());
            return null;
        });
    }

    @Override
    public Object replay(Object receiver, Object[] args, Object data, Throwable failure, AsyncEffect effect)
            throws Throwable {
        OkHttpApi api = OkHttpApi.of(receiver);
        Object callback = args[0];
        if (failure != null) {
            IOException e = failure instanceof IOException io ? io : new IOException(failure);
            effect.inBranchLater(() -> {
                api.onFailure(callback, receiver, e);
                return null;
            });
        } else {
            Object response = OkHttpBoundary.answerOf(api, api.request(receiver), data);
            effect.inBranchLater(() -> {
                api.onResponse(callback, receiver, response);
                return null;
            });
        }
        return null; // enqueue returns nothing: any answer but PROCEED returns at once
    }
}
