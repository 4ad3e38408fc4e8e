package dev.lazarus.agent.internal.effect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

/**
 * {@code java.net.http.HttpClient.sendAsync} (both forms, woven in the JDK's client implementation,
 * {@code jdk.internal.net.http.HttpClientImpl}, which the facade every {@code HttpClient.newHttpClient()} returns
 * delegates to): an asynchronous effect, journaled as the first step of a branch of its own (see
 * {@link AsyncEffect}).
 *
 * <p>Live, the caller's {@code BodyHandler} is wrapped: the {@code BodySubscriber} it makes gets every byte the
 * network delivers, as it is delivered, through a subscriber that keeps a copy ({@link Tee}); when the body
 * ends — read to its end, cancelled by the caller, or broken by the network — the exchange is journaled, before
 * the caller's subscriber sees the end. So a body read as a stream ({@code ofPublisher()}, {@code ofLines()},
 * {@code ofInputStream()}, server-sent events through Spring's {@code JdkClientHttpConnector}) is journaled as it
 * was read, and a process killed while it was read has no record of it: the call happens again. The caller's
 * subscriber and the stages that depend on the returned future run as the effect's branch.
 *
 * <p>On replay the recorded bytes are fed to the caller's own {@code BodyHandler} and a completed future is
 * returned (a failed one if the exchange failed before a response came); a body that was broken breaks again
 * after the same bytes. HTTP/2 push promises are passed to the caller's handler live and not journaled.
 *
 * <p>{@code HttpClientImpl.send} calls its own asynchronous machinery while the synchronous boundary performs the
 * exchange: that nested call proceeds, as every call made while an effect is performed does.
 *
 * <p>Journaled shape (part of the journal format): the synchronous boundary's ({@link JdkHttpClientBoundary}),
 * and, for a body that did not end normally, {@code failure} (the exception, as text) or {@code cancelled}
 * ({@code Boolean.TRUE}: the caller cancelled after the bytes journaled).
 */
final class JdkHttpClientAsyncBoundary implements AsyncEffectBoundary {
    static final String ID = "http:async:java.net.http";
    private static final String IMPL = "jdk/internal/net/http/HttpClientImpl";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(
                new WovenMethod(
                        Set.of(IMPL),
                        "sendAsync",
                        "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;)"
                                + "Ljava/util/concurrent/CompletableFuture;"),
                new WovenMethod(
                        Set.of(IMPL),
                        "sendAsync",
                        "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                                + "Ljava/net/http/HttpResponse$PushPromiseHandler;)"
                                + "Ljava/util/concurrent/CompletableFuture;"));
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) throws Exception {
        return JdkHttpClientBoundary.requestOf((HttpRequest) args[0]);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object start(Object receiver, Object[] args, AsyncEffect effect) throws Throwable {
        HttpClient client = (HttpClient) receiver;
        HttpRequest request = (HttpRequest) args[0];
        HttpResponse.BodyHandler<Object> handler = (HttpResponse.BodyHandler<Object>) args[1];
        HttpResponse.BodyHandler<Object> tee = info -> new Tee(handler, info, request, effect);
        CompletableFuture<HttpResponse<Object>> live = args.length > 2
                ? client.sendAsync(request, tee, (HttpResponse.PushPromiseHandler) args[2])
                : client.sendAsync(request, tee); // the nested entry proceeds: the real exchange
        CompletableFuture<HttpResponse<Object>> result = new CompletableFuture<>();
        live.whenComplete((response, thrown) -> {
            Throwable failure = unwrapped(thrown);
            if (failure != null) {
                effect.failed(failure); // before any response: ignored once the body was handed to the engine
            }
            try {
                // stages the caller (or a library above it) made dependent on the future run as the branch
                effect.inBranch(() -> failure != null
                        ? result.completeExceptionally(failure)
                        : result.complete(new RecordedHttpResponse<>(
                                response.statusCode(),
                                request,
                                response.headers(),
                                response.body(),
                                response.version())));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object replay(Object receiver, Object[] args, Object data, Throwable failure, AsyncEffect effect)
            throws Throwable {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        HttpRequest request = (HttpRequest) args[0];
        HttpResponse.BodyHandler<Object> handler = (HttpResponse.BodyHandler<Object>) args[1];
        Map<String, Object> exchange = (Map<String, Object>) data;
        int status = (Integer) exchange.get("status");
        HttpClient.Version version = HttpClient.Version.valueOf((String) exchange.get("version"));
        HttpHeaders headers = HttpHeaders.of((Map<String, List<String>>) exchange.get("headers"), (n, v) -> true);
        byte[] body = (byte[]) exchange.get("body");
        String broken = (String) exchange.get("failure");
        return effect.inBranch(() -> {
            HttpResponse.BodySubscriber<Object> subscriber = handler.apply(new ResponseInfo(status, headers, version));
            subscriber.onSubscribe(new RecordedSubscription(subscriber, body, broken));
            CompletionStage<Object> value = subscriber.getBody();
            // a body read as a stream (a publisher, an input stream) is there at once; one read whole is there once
            // the recorded bytes were fed, which they were, synchronously, if the handler asked for them
            CompletableFuture<HttpResponse<Object>> response = new CompletableFuture<>();
            value.whenComplete((b, thrown) -> {
                if (thrown != null) {
                    response.completeExceptionally(unwrapped(thrown));
                } else {
                    response.complete(new RecordedHttpResponse<>(status, request, headers, b, version));
                }
            });
            return response;
        });
    }

    private static Throwable unwrapped(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The caller's body subscriber, fed by the network through this: a copy of every byte it is given is kept,
     * and the engine is told when the body ends (to its end, cancelled by the caller, or broken), before the
     * caller's subscriber is. When the engine needs the data before that ({@link #finish}: the code that started
     * the exchange is about to journal its next step), the rest of the body is read at once and kept here, and the
     * caller's subscriber is fed from here as it asks. The caller's subscriber runs as the effect's branch.
     */
    private static final class Tee implements HttpResponse.BodySubscriber<Object>, StreamedData {
        private final HttpResponse.BodySubscriber<Object> caller;
        private final HttpResponse.ResponseInfo info;
        private final HttpRequest request;
        private final AsyncEffect effect;
        private final ByteArrayOutputStream read = new ByteArrayOutputStream();
        // guarded by this
        private Flow.Subscription upstream;
        /** Whether the rest of the body is being read for the engine: items then wait in {@link #queue}. */
        private boolean draining;

        private boolean ended;
        private boolean cancelled;
        private String failure;
        private Throwable failureThrown;
        private long demand;
        private final ArrayDeque<List<ByteBuffer>> queue = new ArrayDeque<>();
        private boolean delivering;
        private boolean endDelivered;
        private Runnable done;
        private boolean doneRun;

        Tee(
                HttpResponse.BodyHandler<Object> handler,
                HttpResponse.ResponseInfo info,
                HttpRequest request,
                AsyncEffect effect) {
            this.info = info;
            this.request = request;
            this.effect = effect;
            this.caller = inBranch(() -> handler.apply(info));
            effect.streaming(this); // the response is about to be the caller's: its data may be acted on from now
        }

        @Override
        public CompletionStage<Object> getBody() {
            return caller.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            boolean drain;
            synchronized (this) {
                upstream = subscription;
                drain = draining;
            }
            if (drain) {
                subscription.request(Long.MAX_VALUE); // the engine asked for the data before the body began
            }
            Flow.Subscription downstream = new Flow.Subscription() {
                @Override
                public void request(long n) {
                    boolean fromQueue;
                    synchronized (Tee.this) {
                        fromQueue = draining;
                        demand = n >= Long.MAX_VALUE - demand ? Long.MAX_VALUE : demand + n;
                    }
                    if (fromQueue) {
                        deliver();
                    } else {
                        subscription.request(n);
                    }
                }

                @Override
                public void cancel() {
                    // the caller stopped reading: what it read is the exchange, as far as it went
                    synchronized (Tee.this) {
                        cancelled = true;
                        Tee.this.notifyAll();
                    }
                    subscription.cancel();
                    runDone();
                }
            };
            inBranch(() -> {
                caller.onSubscribe(downstream);
                return null;
            });
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            boolean direct;
            synchronized (this) {
                for (ByteBuffer item : items) {
                    ByteBuffer copy = item.duplicate();
                    byte[] bytes = new byte[copy.remaining()];
                    copy.get(bytes);
                    read.write(bytes, 0, bytes.length);
                }
                direct = !draining;
                if (direct) {
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                } else {
                    queue.add(items);
                }
            }
            if (direct) {
                inBranch(() -> {
                    caller.onNext(items);
                    return null;
                });
            } else {
                deliver();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            end(throwable);
        }

        @Override
        public void onComplete() {
            end(null);
        }

        private void end(Throwable thrown) {
            boolean direct;
            synchronized (this) {
                ended = true;
                if (thrown != null) {
                    failure = thrown.toString();
                    failureThrown = thrown;
                }
                direct = !draining;
                notifyAll();
            }
            runDone(); // journaled before the caller's subscriber sees the end
            if (direct) {
                inBranch(() -> {
                    if (thrown != null) {
                        caller.onError(thrown);
                    } else {
                        caller.onComplete();
                    }
                    return null;
                });
            } else {
                deliver();
            }
        }

        /** Feeds the caller from what was read for the engine, as far as it asked; one thread at a time. */
        private void deliver() {
            synchronized (this) {
                if (delivering) {
                    return; // the thread delivering now goes on with what this one added
                }
                delivering = true;
            }
            while (true) {
                List<ByteBuffer> item = null;
                boolean end = false;
                Throwable thrown = null;
                synchronized (this) {
                    if (demand > 0 && !queue.isEmpty()) {
                        item = queue.poll();
                        if (demand != Long.MAX_VALUE) {
                            demand--;
                        }
                    } else if (queue.isEmpty() && ended && !endDelivered && !cancelled) {
                        endDelivered = true;
                        end = true;
                        thrown = failureThrown;
                    } else {
                        delivering = false;
                        return;
                    }
                }
                List<ByteBuffer> next = item;
                Throwable error = thrown;
                boolean last = end;
                inBranch(() -> {
                    if (next != null) {
                        caller.onNext(next);
                    } else if (last && error != null) {
                        caller.onError(error);
                    } else if (last) {
                        caller.onComplete();
                    }
                    return null;
                });
            }
        }

        @Override
        public void onDone(Runnable whenDone) {
            synchronized (this) {
                done = whenDone;
                if (!ended && !cancelled) {
                    return;
                }
            }
            runDone();
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
        public Object finish() {
            boolean drain;
            Flow.Subscription s;
            synchronized (this) {
                drain = !ended && !cancelled && !draining;
                if (drain) {
                    draining = true;
                }
                s = upstream;
            }
            if (drain && s != null) {
                s.request(Long.MAX_VALUE); // the rest of the body, kept here for the caller
            }
            boolean interrupted = false;
            synchronized (this) {
                while (!ended && !cancelled) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // the data is needed: wait for it, keep the interrupt
                    }
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("request", request.method() + " " + request.uri());
                data.put("status", info.statusCode());
                data.put("version", info.version().name());
                Map<String, List<String>> headers = new LinkedHashMap<>();
                info.headers().map().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
                data.put("headers", headers);
                data.put("body", read.toByteArray());
                if (failure != null) {
                    data.put("failure", failure);
                } else if (cancelled || !ended) {
                    data.put("cancelled", Boolean.TRUE);
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return data;
            }
        }

        private <T> T inBranch(AsyncEffect.Work<T> work) {
            try {
                return effect.inBranch(work);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new CompletionException(t); // the subscriber's methods throw nothing checked
            }
        }
    }

    /** Feeds recorded bytes to the caller's subscriber as it asks for them, then ends as the live body did. */
    private static final class RecordedSubscription implements Flow.Subscription {
        private final HttpResponse.BodySubscriber<Object> subscriber;
        private final byte[] body;
        private final String failure;
        private boolean sent;
        private boolean done;

        RecordedSubscription(HttpResponse.BodySubscriber<Object> subscriber, byte[] body, String failure) {
            this.subscriber = subscriber;
            this.body = body;
            this.failure = failure;
        }

        @Override
        public void request(long n) {
            boolean send;
            synchronized (this) {
                if (done || n <= 0) {
                    return;
                }
                send = !sent && body.length > 0;
                sent = true;
                done = true;
            }
            if (send) {
                subscriber.onNext(List.of(ByteBuffer.wrap(body)));
            }
            if (failure != null) {
                subscriber.onError(new IOException(failure));
            } else {
                subscriber.onComplete();
            }
        }

        @Override
        public synchronized void cancel() {
            done = true;
        }
    }

    private record ResponseInfo(int statusCode, HttpHeaders headers, HttpClient.Version version)
            implements HttpResponse.ResponseInfo {}
}
