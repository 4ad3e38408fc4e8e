package dev.lazarus.agent.internal.effect;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * {@code java.net.http.HttpClient.send}: the exchange is journaled as data — status, protocol version,
 * headers and the body's bytes — and the caller's own {@code BodyHandler} turns those bytes into the body it
 * asked for, live and on replay alike, so a {@code String}, a {@code byte[]}, an {@code InputStream} or lines
 * behave the same whether they came from the network or from the journal.
 *
 * <p>Why the boundary is {@code send} on the client's implementation classes (the facade every
 * {@code HttpClient.newHttpClient()} returns and the implementation behind it) and not a socket: the exchange
 * is the unit the user reasons about, its request is plain data to compare on replay, and the response can
 * be rebuilt without a connection. Live, the body is read whole before the caller sees it (a body read as a
 * stream is not yet streamed through).
 *
 * <p>Journaled shape (part of the journal format): a map with {@code request} (method and URI), {@code status}
 * (Integer), {@code version} ({@code HTTP_1_1} or {@code HTTP_2}), {@code headers} (name to list of values)
 * and {@code body} (byte[]).
 */
final class JdkHttpClientBoundary implements EffectBoundary {
    static final String ID = "http:java.net.http";

    private static final long BODY_READ_TIMEOUT_SECONDS = 30;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(new WovenMethod(
                Set.of("java/net/http/HttpClient"),
                "send",
                "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;)Ljava/net/http/HttpResponse;"));
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) throws Exception {
        return requestOf((HttpRequest) args[0]);
    }

    /** The request as data: method and URI, and a digest of them and the body's bytes (never the headers). */
    static EffectRequest requestOf(HttpRequest request) throws Exception {
        String description = request.method() + " " + request.uri();
        byte[] body = request.bodyPublisher().isPresent()
                ? bytesOf(request.bodyPublisher().get())
                : new byte[0];
        return new EffectRequest(
                description, new RequestDigest().text(description).bytes(body).value());
    }

    @Override
    public Performed perform(Object receiver, Object[] args) throws Throwable {
        HttpRequest request = (HttpRequest) args[0];
        HttpResponse<byte[]> live = ((HttpClient) receiver).send(request, HttpResponse.BodyHandlers.ofByteArray());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("request", request.method() + " " + request.uri());
        data.put("status", live.statusCode());
        data.put("version", live.version().name());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        live.headers().map().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        data.put("headers", headers);
        data.put("body", live.body());
        return new Performed(data, answer(receiver, args, data));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object answer(Object receiver, Object[] args, Object data) throws Throwable {
        HttpRequest request = (HttpRequest) args[0];
        HttpResponse.BodyHandler<Object> handler = (HttpResponse.BodyHandler<Object>) args[1];
        Map<String, Object> exchange = (Map<String, Object>) data;
        int status = (Integer) exchange.get("status");
        HttpClient.Version version = HttpClient.Version.valueOf((String) exchange.get("version"));
        HttpHeaders headers = HttpHeaders.of((Map<String, List<String>>) exchange.get("headers"), (n, v) -> true);
        byte[] body = (byte[]) exchange.get("body");
        Object value = bodyOf(handler, new ResponseInfo(status, headers, version), body);
        return new RecordedHttpResponse<>(status, request, headers, value, version);
    }

    /** Feeds recorded bytes to the caller's body handler, as the client would feed the network's. */
    private static Object bodyOf(HttpResponse.BodyHandler<Object> handler, ResponseInfo info, byte[] body)
            throws Exception {
        HttpResponse.BodySubscriber<Object> subscriber = handler.apply(info);
        subscriber.onSubscribe(new Flow.Subscription() {
            private boolean done;

            @Override
            public void request(long n) {
                if (done || n <= 0) {
                    return;
                }
                done = true;
                if (body.length > 0) {
                    subscriber.onNext(List.of(ByteBuffer.wrap(body)));
                }
                subscriber.onComplete();
            }

            @Override
            public void cancel() {
                done = true;
            }
        });
        return subscriber.getBody().toCompletableFuture().get(BODY_READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Reads what a body publisher would send (in-memory publishers send the same bytes to each subscriber). */
    private static byte[] bytesOf(HttpRequest.BodyPublisher publisher) throws Exception {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.write(b, 0, b.length);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        return done.get(BODY_READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private record ResponseInfo(int statusCode, HttpHeaders headers, HttpClient.Version version)
            implements HttpResponse.ResponseInfo {}
}
