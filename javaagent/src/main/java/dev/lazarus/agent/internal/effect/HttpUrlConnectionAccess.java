package dev.lazarus.agent.internal.effect;

import dev.lazarus.agent.bridge.Bridge;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One woven method of the JDK's {@code HttpURLConnection} implementation, answered from the connection's one
 * exchange ({@link HttpUrlConnectionBoundary}) and never journaled itself: the methods through which the
 * public API ({@code getResponseCode()}, {@code getContentType()}, {@code getHeaderFieldInt()}...) reaches the
 * request body and the response. One instance per woven method, because the entry hook tells the engine which
 * boundary was entered, not which method.
 *
 * <p>What each does while the thread runs an execution (outside one, all run as written):
 *
 * <ul>
 *   <li>{@code connect()}: nothing — the exchange connects when it happens;
 *   <li>{@code getOutputStream()}: the buffer the request body is written to (with the JDK's checks: output
 *       must be enabled, a GET becomes a POST, no output after the response);
 *   <li>{@code getInputStream()}, {@code getHeaderField(String)}, {@code getHeaderField(int)},
 *       {@code getHeaderFieldKey(int)}, {@code getHeaderFields()}: perform the exchange if it has not happened
 *       (a journaled effect), then answer from it as the JDK would;
 *   <li>{@code getErrorStream()}: the error body after an exchange that ended with an error status, else
 *       {@code null}; it never causes the exchange (nor does the JDK's).
 * </ul>
 */
final class HttpUrlConnectionAccess implements EffectBoundary {
    private static final String IMPLEMENTATION = "sun/net/www/protocol/http/HttpURLConnection";

    /** The woven methods. */
    enum Call {
        CONNECT("connect", "()V"),
        GET_OUTPUT_STREAM("getOutputStream", "()Ljava/io/OutputStream;"),
        GET_INPUT_STREAM("getInputStream", "()Ljava/io/InputStream;"),
        GET_ERROR_STREAM("getErrorStream", "()Ljava/io/InputStream;"),
        GET_HEADER_FIELD_BY_NAME("getHeaderField", "(Ljava/lang/String;)Ljava/lang/String;"),
        GET_HEADER_FIELD_BY_INDEX("getHeaderField", "(I)Ljava/lang/String;"),
        GET_HEADER_FIELD_KEY("getHeaderFieldKey", "(I)Ljava/lang/String;"),
        GET_HEADER_FIELDS("getHeaderFields", "()Ljava/util/Map;");

        final String name;
        final String descriptor;

        Call(String name, String descriptor) {
            this.name = name;
            this.descriptor = descriptor;
        }
    }

    private final Call call;
    private final HttpUrlConnectionBoundary exchange;

    HttpUrlConnectionAccess(Call call, HttpUrlConnectionBoundary exchange) {
        this.call = call;
        this.exchange = exchange;
    }

    /** Not journaled, so never named in a journal: an id only to route the hook. */
    @Override
    public String id() {
        return HttpUrlConnectionBoundary.ID + "#" + call.name + call.descriptor;
    }

    @Override
    public List<WovenMethod> methods() {
        return List.of(new WovenMethod(Set.of(IMPLEMENTATION), call.name, call.descriptor));
    }

    @Override
    public Object answerHeld(Object receiver, Object[] args) throws Throwable {
        HttpURLConnection connection = (HttpURLConnection) receiver;
        UrlConnectionExchange state = exchange.exchangeOf(connection);
        switch (call) {
            case CONNECT:
                return null;
            case GET_OUTPUT_STREAM:
                return outputStream(connection, state);
            case GET_INPUT_STREAM: {
                UrlConnectionResponse response = exchanged(connection, state);
                IOException failure = response.failure();
                if (failure != null) {
                    throw failure;
                }
                return state.responseStream();
            }
            case GET_ERROR_STREAM: {
                UrlConnectionResponse response = state.response();
                return response != null && response.status() >= 400 ? state.responseStream() : null;
            }
            default:
                break;
        }
        UrlConnectionResponse response;
        try {
            response = exchanged(connection, state);
        } catch (IOException e) {
            // as the JDK's getters: a connection that could not be made has no header fields
            return call == Call.GET_HEADER_FIELDS ? Map.of() : null;
        }
        return switch (call) {
            case GET_HEADER_FIELD_BY_NAME -> response.field((String) args[0]);
            case GET_HEADER_FIELD_BY_INDEX -> response.field((int) (Integer) args[0]);
            case GET_HEADER_FIELD_KEY -> response.fieldKey((Integer) args[0]);
            case GET_HEADER_FIELDS -> response.fieldMap();
            default -> throw new IllegalStateException(call.toString());
        };
    }

    /** The request body's buffer, after the checks the JDK makes before it hands out its output stream. */
    private static Object outputStream(HttpURLConnection connection, UrlConnectionExchange state)
            throws ProtocolException {
        if (!connection.getDoOutput()) {
            throw new ProtocolException("cannot write to a URLConnection if doOutput=false - call setDoOutput(true)");
        }
        if (state.exchanged()) {
            throw new ProtocolException("Cannot write output after reading input.");
        }
        if ("GET".equals(connection.getRequestMethod())) {
            connection.setRequestMethod("POST"); // what the JDK does, for backward compatibility
        }
        if ("TRACE".equals(connection.getRequestMethod())) {
            throw new ProtocolException("HTTP method TRACE doesn't support output");
        }
        return state.requestBody();
    }

    /**
     * The connection's response: performs the exchange as a journaled effect the first time (through the
     * engine, as if the exchange boundary had been entered), then answers from what it gave.
     */
    private static UrlConnectionResponse exchanged(HttpURLConnection connection, UrlConnectionExchange state)
            throws Throwable {
        UrlConnectionResponse response = state.response();
        if (response != null) {
            return response;
        }
        if (state.failure() != null) {
            throw state.failure(); // as the JDK, which remembers the failure instead of connecting again
        }
        Object answer;
        try {
            answer = Bridge.effect(HttpUrlConnectionBoundary.ID, connection, new Object[0]);
        } catch (Throwable t) {
            state.failed(t);
            throw t;
        }
        if (!(answer instanceof UrlConnectionResponse r)) {
            // the engine declined to journal the exchange (it logged why): nothing to answer from
            throw new IOException("LAZ-207: the exchange of " + connection.getURL() + " was not journaled");
        }
        state.exchanged(r);
        return r;
    }

    @Override
    public EffectRequest request(Object receiver, Object[] args) {
        throw new UnsupportedOperationException("answered by answerHeld, never journaled");
    }

    @Override
    public Performed perform(Object receiver, Object[] args) {
        throw new UnsupportedOperationException("answered by answerHeld, never journaled");
    }

    @Override
    public Object answer(Object receiver, Object[] args, Object data) {
        throw new UnsupportedOperationException("answered by answerHeld, never journaled");
    }
}
