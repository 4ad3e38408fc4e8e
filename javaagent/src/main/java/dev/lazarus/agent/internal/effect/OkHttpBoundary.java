package dev.lazarus.agent.internal.effect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OkHttp's synchronous {@code Call.execute()} (OkHttp 4 and 5 define it in
 * {@code okhttp3.internal.connection.RealCall}; any other {@code okhttp3.Call} implementation is woven too):
 * the exchange is journaled as data — the request's method and URL, the response's status, message, protocol,
 * headers and body bytes — and the caller gets a real {@code okhttp3.Response} built from that data with the
 * call's own {@code Request}, live and on replay alike, so code above it (the OpenAI and Anthropic SDKs) parses
 * it unchanged.
 *
 * <p>The request's digest is its method, URL and body bytes (the body written into an Okio buffer), never its
 * headers: SDKs put OS and runtime versions and retry counters there, which differ between runs of the same
 * code. A body that can be written only once (one-shot, duplex) is left out of the digest rather than consumed.
 *
 * <p>A body of server-sent events or another streaming type ({@link #isStream}) is handed to the caller as
 * it comes from the network, recording what the caller reads ({@link RecordingOkioSource}); the exchange is
 * journaled when the caller is done with it (or earlier, when the execution needs its record: see
 * {@link StreamedData}), and replay serves the recorded bytes as the body's stream. Any other body is read
 * whole before {@code execute} returns, as the JDK client's boundary does.
 *
 * <p>OkHttp is reached through the call's own class loader ({@link OkHttpApi}); the agent is not compiled
 * against it. {@code enqueue} (asynchronous calls) is {@link OkHttpAsyncBoundary}.
 *
 * <p>Journaled shape (part of the journal format): a map with {@code request} (method and URL), {@code code}
 * (Integer), {@code message}, {@code protocol} (OkHttp's name, {@code http/1.1}, {@code h2}), {@code headers}
 * (a list of alternating names and values), {@code body} (byte[]), {@code sentAt} and {@code receivedAt}
 * (Long, epoch milliseconds), {@code streamed} (Boolean) and, for a stream that broke while read,
 * {@code failure} (the exception, as text).
 */
final class OkHttpBoundary implements EffectBoundary {
    static final String ID = "http:okhttp";
    static final String BODY = "body";
    static final String FAILURE = "failure";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(new WovenMethod(Set.of("okhttp3/Call"), "execute", "()Lokhttp3/Response;"));
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) throws Exception {
        OkHttpApi api = OkHttpApi.of(receiver);
        Object request = api.request(receiver);
        String description = api.method(request) + " " + api.url(request);
        byte[] body = api.bodyBytes(request);
        RequestDigest digest = new RequestDigest().text(description);
        if (body == null) {
            digest.text("(a one-shot body, not read)");
        } else {
            digest.bytes(body);
        }
        return new EffectRequest(description, digest.value());
    }

    @Override
    public Performed perform(Object receiver, Object[] args) throws Throwable {
        OkHttpApi api = OkHttpApi.of(receiver);
        Object request = api.request(receiver);
        return exchangeOf(api, request, api.execute(receiver)); // the nested entry proceeds: the real exchange
    }

    /**
     * Turns a live response into the exchange as data and the response the caller gets: a streamed body is
     * handed on as it comes from the network, recording what the caller reads; any other body is read whole.
     *
     * @param api OkHttp as the call's loader sees it
     * @param request the call's {@code okhttp3.Request}
     * @param live the network's {@code okhttp3.Response}
     * @return the data and the caller's response (or, for a stream, where the data will come from)
     */
    static Performed exchangeOf(OkHttpApi api, Object request, Object live) throws java.io.IOException {
        Map<String, Object> exchange = new LinkedHashMap<>();
        exchange.put("request", api.method(request) + " " + api.url(request));
        exchange.put("code", api.code(live));
        exchange.put("message", api.message(live));
        exchange.put("protocol", api.protocol(live));
        List<String> headers = api.headers(live);
        exchange.put("headers", headers);
        exchange.put("sentAt", api.sentAt(live));
        exchange.put("receivedAt", api.receivedAt(live));
        Object liveBody = api.body(live);
        Object liveSource = liveBody == null ? api.bufferOf(new byte[0]) : api.source(liveBody);
        if (isStream(headers)) {
            exchange.put("streamed", Boolean.TRUE);
            RecordingOkioSource recording = new RecordingOkioSource(api, liveSource, exchange);
            Object response = responseOf(api, request, exchange, api.buffered(api.source(recording)), -1);
            return Performed.streamed(response, recording);
        }
        exchange.put("streamed", Boolean.FALSE);
        byte[] body;
        try {
            body = readAll(api, liveSource);
        } finally {
            api.close(liveSource);
        }
        exchange.put(BODY, body);
        return new Performed(exchange, answerOf(api, request, exchange));
    }

    @Override
    public Object answer(Object receiver, Object[] args, Object data) throws Throwable {
        OkHttpApi api = OkHttpApi.of(receiver);
        return answerOf(api, api.request(receiver), data);
    }

    /**
     * Rebuilds the caller's response from the exchange as data.
     *
     * @param api OkHttp as the call's loader sees it
     * @param request the call's {@code okhttp3.Request}
     * @param data the journaled exchange
     * @return a real {@code okhttp3.Response}
     */
    @SuppressWarnings("unchecked")
    static Object answerOf(OkHttpApi api, Object request, Object data) throws java.io.IOException {
        Map<String, Object> exchange = (Map<String, Object>) data;
        byte[] body = (byte[]) exchange.get(BODY);
        String failure = (String) exchange.get(FAILURE);
        Object source = failure == null
                ? api.bufferOf(body)
                : api.buffered(api.source(new JournaledOkioSource(api, body, failure)));
        long length = Boolean.TRUE.equals(exchange.get("streamed")) ? -1 : body.length;
        return responseOf(api, request, exchange, source, length);
    }

    @SuppressWarnings("unchecked")
    private static Object responseOf(
            OkHttpApi api, Object request, Map<String, Object> exchange, Object bodySource, long length)
            throws java.io.IOException {
        return api.response(
                request,
                (String) exchange.get("protocol"),
                (Integer) exchange.get("code"),
                (String) exchange.get("message"),
                (List<String>) exchange.get("headers"),
                bodySource,
                length,
                (Long) exchange.get("sentAt"),
                (Long) exchange.get("receivedAt"));
    }

    /**
     * Whether a response's body is a stream the caller reads as it arrives (server-sent events, newline-delimited
     * JSON), by its content type: such a body can be long-lived, and the caller acts on each part before the
     * next one comes, so it is recorded as it is read rather than read whole first.
     */
    static boolean isStream(List<String> headers) {
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase("Content-Type")) {
                String type = headers.get(i + 1).toLowerCase(Locale.ROOT);
                return type.startsWith("text/event-stream")
                        || type.startsWith("application/x-ndjson")
                        || type.startsWith("application/jsonl")
                        || type.startsWith("application/stream+json");
            }
        }
        return false;
    }

    private static byte[] readAll(OkHttpApi api, Object source) throws java.io.IOException {
        Object buffer = api.newBuffer();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (api.read(source, buffer, 8192) >= 0) {
            byte[] b = api.readByteArray(buffer);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
