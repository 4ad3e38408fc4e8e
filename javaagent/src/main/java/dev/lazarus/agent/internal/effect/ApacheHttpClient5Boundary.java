package dev.lazarus.agent.internal.effect;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Apache HttpClient 5, classic API: every {@code CloseableHttpClient.execute(...)} overload (with or without a
 * target host, a context, a response handler) and Spring's {@code HttpComponentsClientHttpRequestFactory}
 * ({@code executeOpen}) end in {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}, which the client
 * implementations ({@code InternalHttpClient}, {@code MinimalHttpClient}, a user's own subclass) define. That
 * is where the exchange happens, so that is the boundary: one exchange, its request as data (method, URI, body
 * bytes), its response as data (status, reason, protocol version, headers, body bytes).
 *
 * <p>The caller gets a real {@code CloseableHttpResponse} over a {@code BasicClassicHttpResponse} with a
 * {@code ByteArrayEntity}, built through the client's own class loader, live and on replay alike: a response
 * handler, {@code EntityUtils.toString} and a body read twice behave the same whether the bytes came from the
 * network or from the journal. Live, the body is read whole and the library's response closed (its connection
 * goes back to the pool) before the caller sees it. What {@code doExecute} leaves in the {@code HttpContext}
 * (cookies it stored, redirect locations) is not journaled: on replay the context stays as the caller made it.
 *
 * <p>A request entity that can be read only once (an {@code InputStreamEntity}) is read to digest it and
 * replaced by a {@code ByteArrayEntity} of the same bytes, content type and encoding, so that what is digested
 * is what is sent. A client that wraps another (a decorator whose {@code doExecute} calls the inner client's)
 * makes one exchange: the inner call is part of the outer one's effect.
 *
 * <p>Journaled shape (part of the journal format): a map with {@code request} (method and URI), {@code status}
 * (Integer), {@code reason} (String or null), {@code protocol}, {@code major}, {@code minor} (the protocol
 * version), {@code headers} (a list of [name, value] lists, in order, repeats kept), and, if the response had
 * an entity, {@code body} (byte[]), {@code contentType}, {@code contentEncoding} and {@code chunked}.
 */
final class ApacheHttpClient5Boundary implements EffectBoundary {
    static final String ID = "http:apache-httpclient5";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(new WovenMethod(
                Set.of("org/apache/hc/client5/http/impl/classic/CloseableHttpClient"),
                "doExecute",
                "(Lorg/apache/hc/core5/http/HttpHost;Lorg/apache/hc/core5/http/ClassicHttpRequest;"
                        + "Lorg/apache/hc/core5/http/protocol/HttpContext;)"
                        + "Lorg/apache/hc/client5/http/impl/classic/CloseableHttpResponse;"));
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) throws Exception {
        ApacheHttpClient5Api api = ApacheHttpClient5Api.of(receiver);
        String description = describe(api, args[0], args[1]);
        return new EffectRequest(
                description,
                new RequestDigest()
                        .text(description)
                        .bytes(bodyOf(api, args[1]))
                        .value());
    }

    @Override
    public Performed perform(Object receiver, Object[] args) throws Throwable {
        ApacheHttpClient5Api api = ApacheHttpClient5Api.of(receiver);
        Object response = ApacheHttpClient5Api.call(api.doExecute, receiver, args[0], args[1], args[2]);
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            data.put("request", describe(api, args[0], args[1]));
            data.put("status", (Integer) ApacheHttpClient5Api.call(api.responseCode, response));
            data.put("reason", (String) ApacheHttpClient5Api.call(api.responseReason, response));
            Object version = ApacheHttpClient5Api.call(api.responseVersion, response);
            if (version != null) {
                data.put("protocol", (String) ApacheHttpClient5Api.call(api.versionProtocol, version));
                data.put("major", (Integer) ApacheHttpClient5Api.call(api.versionMajor, version));
                data.put("minor", (Integer) ApacheHttpClient5Api.call(api.versionMinor, version));
            }
            List<List<String>> headers = new ArrayList<>();
            for (Object h : (Object[]) ApacheHttpClient5Api.call(api.responseHeaders, response)) {
                List<String> pair = new ArrayList<>(2);
                pair.add((String) ApacheHttpClient5Api.call(api.headerName, h));
                pair.add((String) ApacheHttpClient5Api.call(api.headerValue, h));
                headers.add(pair);
            }
            data.put("headers", headers);
            Object entity = ApacheHttpClient5Api.call(api.responseEntity, response);
            if (entity != null) {
                try (InputStream in = (InputStream) ApacheHttpClient5Api.call(api.entityContent, entity)) {
                    data.put("body", in == null ? new byte[0] : in.readAllBytes());
                }
                data.put("contentType", (String) ApacheHttpClient5Api.call(api.entityContentType, entity));
                data.put("contentEncoding", (String) ApacheHttpClient5Api.call(api.entityContentEncoding, entity));
                data.put("chunked", (Boolean) ApacheHttpClient5Api.call(api.entityChunked, entity));
            }
        } finally {
            ApacheHttpClient5Api.call(api.responseClose, response); // the connection goes back to the pool
        }
        return new Performed(data, answer(receiver, args, data));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object answer(Object receiver, Object[] args, Object data) throws Throwable {
        ApacheHttpClient5Api api = ApacheHttpClient5Api.of(receiver);
        Map<String, Object> exchange = (Map<String, Object>) data;
        Object response = ApacheHttpClient5Api.construct(
                api.newResponse, (Integer) exchange.get("status"), (String) exchange.get("reason"));
        if (exchange.get("protocol") != null) {
            ApacheHttpClient5Api.call(
                    api.setResponseVersion,
                    response,
                    ApacheHttpClient5Api.construct(
                            api.newVersion, exchange.get("protocol"), exchange.get("major"), exchange.get("minor")));
        }
        for (List<String> header : (List<List<String>>) exchange.get("headers")) {
            ApacheHttpClient5Api.call(api.addResponseHeader, response, header.get(0), header.get(1));
        }
        if (exchange.containsKey("body")) {
            String contentType = (String) exchange.get("contentType");
            Object entity = ApacheHttpClient5Api.construct(
                    api.newByteArrayEntity,
                    (byte[]) exchange.get("body"),
                    contentType == null ? null : ApacheHttpClient5Api.call(api.parseContentType, null, contentType),
                    exchange.get("contentEncoding"),
                    Boolean.TRUE.equals(exchange.get("chunked")));
            ApacheHttpClient5Api.call(api.setResponseEntity, response, entity);
        }
        return ApacheHttpClient5Api.call(api.adaptResponse, null, response);
    }

    /** {@code METHOD scheme://authority/path?query}: the target host (when given) and the request's path. */
    private static String describe(ApacheHttpClient5Api api, Object target, Object request) throws Exception {
        String method = (String) ApacheHttpClient5Api.call(api.requestMethod, request);
        URI uri = (URI) ApacheHttpClient5Api.call(api.requestUri, request);
        String where = target != null && !uri.isAbsolute()
                ? ApacheHttpClient5Api.call(api.hostToUri, target)
                        + (String) ApacheHttpClient5Api.call(api.requestPath, request)
                : uri.toString();
        return method + " " + where;
    }

    /**
     * The request body's bytes (empty without an entity). An entity that cannot be read twice is replaced by
     * one of the same bytes, so that the request sent is the one digested.
     */
    private static byte[] bodyOf(ApacheHttpClient5Api api, Object request) throws Exception {
        Object entity = ApacheHttpClient5Api.call(api.requestEntity, request);
        if (entity == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApacheHttpClient5Api.call(api.entityWriteTo, entity, out);
        byte[] body = out.toByteArray();
        if (!(Boolean) ApacheHttpClient5Api.call(api.entityRepeatable, entity)) {
            String contentType = (String) ApacheHttpClient5Api.call(api.entityContentType, entity);
            Object copy = ApacheHttpClient5Api.construct(
                    api.newByteArrayEntity,
                    body,
                    contentType == null ? null : ApacheHttpClient5Api.call(api.parseContentType, null, contentType),
                    ApacheHttpClient5Api.call(api.entityContentEncoding, entity),
                    (Boolean) ApacheHttpClient5Api.call(api.entityChunked, entity));
            ApacheHttpClient5Api.call(api.setRequestEntity, request, copy);
        }
        return body;
    }
}
