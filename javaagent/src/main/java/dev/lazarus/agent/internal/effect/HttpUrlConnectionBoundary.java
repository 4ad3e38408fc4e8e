package dev.lazarus.agent.internal.effect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code java.net.HttpURLConnection} (the JDK's {@code sun.net.www.protocol.http.HttpURLConnection}, which
 * {@code new URL(...).openConnection()} returns for http and, behind {@code HttpsURLConnection}, for https).
 *
 * <p>Unlike a client's {@code send}, this API has no one method where the exchange happens: the request is
 * configured by setters and written to {@code getOutputStream()}, and the exchange runs lazily inside whichever
 * call first needs the response — {@code getInputStream()}, {@code getResponseCode()}, {@code getHeaderField*},
 * {@code getContentType()}... So the boundary is the exchange itself, as one effect, and the connection's
 * methods are woven to reach it ({@link HttpUrlConnectionAccess}): the first call that needs the response
 * performs the whole exchange and journals it (status, header fields, body bytes); every later call on that
 * connection is answered from what was journaled, live and on replay alike, and is no step of its own. The
 * request body the caller writes is buffered and sent with the exchange, so that it is part of the request's
 * digest (method, URL, body bytes) and never leaves the process on replay; {@code connect()} does nothing
 * until the exchange (on replay there is nothing to connect to).
 *
 * <p>This boundary is reached only from {@link HttpUrlConnectionAccess}, which calls {@code Bridge.effect}
 * with this boundary's id: it weaves no method of its own.
 *
 * <p>An error status (4xx, 5xx) is part of the exchange, not its failure: its body (the error stream) and the
 * exception {@code getInputStream} threw (class and message) are journaled with it, and thrown again by
 * {@code getInputStream} on replay. A failure of the exchange itself (connection refused, a timeout) is the
 * effect's exception, journaled and thrown again.
 *
 * <p>Journaled shape (part of the journal format): a map with {@code request} (method and URL), {@code status}
 * (Integer), {@code fields} (the header fields as [key, value] lists, the status line first with a null key),
 * {@code body} (byte[] or absent), and for an error status {@code failureClass} and {@code failureMessage}.
 */
final class HttpUrlConnectionBoundary implements EffectBoundary {
    static final String ID = "http:HttpURLConnection";

    private final Map<HttpURLConnection, UrlConnectionExchange> exchanges =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** @return this boundary and the woven methods of the connection that reach it */
    static List<EffectBoundary> withAccess() {
        HttpUrlConnectionBoundary exchange = new HttpUrlConnectionBoundary();
        List<EffectBoundary> all = new ArrayList<>();
        all.add(exchange);
        for (HttpUrlConnectionAccess.Call call : HttpUrlConnectionAccess.Call.values()) {
            all.add(new HttpUrlConnectionAccess(call, exchange));
        }
        return all;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of();
    }

    /** @return what the boundary holds for a connection, made on first use */
    UrlConnectionExchange exchangeOf(HttpURLConnection connection) {
        return exchanges.computeIfAbsent(connection, c -> new UrlConnectionExchange());
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) {
        HttpURLConnection connection = (HttpURLConnection) receiver;
        String description = describe(connection);
        // Method and URL only, not the body: a durable body that writes the request body itself writes it
        // through journaled stream calls, which replay answers without running, so on replay the connection
        // never holds the body; those writes compare their own arguments instead.
        return new EffectRequest(
                description, new RequestDigest().text(description).value());
    }

    @Override
    public Performed perform(Object receiver, Object[] args) throws Throwable {
        HttpURLConnection connection = (HttpURLConnection) receiver;
        // the connection's own methods, called from here, run as written: the engine marks this thread as
        // performing an effect
        byte[] requestBody = exchangeOf(connection).requestBodyBytes();
        if (requestBody != null) {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(requestBody);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("request", describe(connection));
        byte[] body;
        try (InputStream in = connection.getInputStream()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            int status;
            try {
                status = connection.getResponseCode();
            } catch (IOException noResponse) {
                throw e; // the exchange failed: no response to journal
            }
            if (status < 400) {
                throw e;
            }
            data.put("failureClass", e.getClass().getName());
            data.put("failureMessage", e.getMessage());
            InputStream error = connection.getErrorStream();
            body = null;
            if (error != null) {
                try (error) {
                    body = error.readAllBytes();
                }
            }
        }
        data.put("status", connection.getResponseCode());
        List<List<String>> fields = new ArrayList<>();
        for (int i = 0; ; i++) {
            String value = connection.getHeaderField(i);
            if (value == null) {
                break;
            }
            List<String> field = new ArrayList<>(2);
            field.add(connection.getHeaderFieldKey(i));
            field.add(value);
            fields.add(field);
        }
        data.put("fields", fields);
        if (body != null) {
            data.put("body", body);
        }
        return new Performed(data, answer(receiver, args, data));
    }

    /** @return the response rebuilt from journaled data; the accessor that asked installs it on the connection */
    @Override
    @SuppressWarnings("unchecked")
    public Object answer(Object receiver, Object[] args, Object data) {
        Map<String, Object> exchange = (Map<String, Object>) data;
        return new UrlConnectionResponse(
                (Integer) exchange.get("status"),
                (List<List<String>>) exchange.get("fields"),
                (byte[]) exchange.get("body"),
                (String) exchange.get("failureClass"),
                (String) exchange.get("failureMessage"));
    }

    private static String describe(HttpURLConnection connection) {
        return connection.getRequestMethod() + " " + connection.getURL();
    }
}
