package dev.lazarus.agent.internal.effect;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The part of OkHttp (4 and 5, whose public API is the same here) and Okio the OkHttp boundary uses, reached
 * through the class loader that loaded the application's {@code okhttp3.Call}: the agent's own loader cannot
 * see OkHttp, and an application may bring its own copy (or two, in two class loaders). One instance per
 * loader, found with {@link #of}; every method throws what the OkHttp method threw, unwrapped.
 */
final class OkHttpApi {
    private static final ClassValue<OkHttpApi> BY_CALL_CLASS = new ClassValue<>() {
        @Override
        protected OkHttpApi computeValue(Class<?> callClass) {
            try {
                return new OkHttpApi(callClass.getClassLoader());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException(
                        "OkHttp as loaded by " + callClass.getClassLoader() + " lacks a method the boundary uses: " + e,
                        e);
            }
        }
    };

    private final Method callExecute;
    private final Method callEnqueue;
    private final Class<?> callbackClass;
    private final Method callbackOnResponse;
    private final Method callbackOnFailure;
    private final Method callRequest;
    private final Method requestMethod;
    private final Method requestUrl;
    private final Method requestBody;
    private final Method requestBodyWriteTo;
    private final Method requestBodyIsOneShot;
    private final Method requestBodyIsDuplex;
    private final Class<?> bufferClass;
    private final Method bufferReadByteArray;
    private final Method bufferWrite;
    private final Method bufferWriteRange;
    private final Method responseCode;
    private final Method responseMessage;
    private final Method responseProtocol;
    private final Method responseHeaders;
    private final Method responseBody;
    private final Method responseSentAt;
    private final Method responseReceivedAt;
    private final Method headersSize;
    private final Method headersName;
    private final Method headersValue;
    private final Class<?> headersBuilderClass;
    private final Method headersBuilderAdd;
    private final Method headersBuilderBuild;
    private final Class<?> responseBuilderClass;
    private final Method builderRequest;
    private final Method builderProtocol;
    private final Method builderCode;
    private final Method builderMessage;
    private final Method builderHeaders;
    private final Method builderBody;
    private final Method builderSentAt;
    private final Method builderReceivedAt;
    private final Method builderBuild;
    private final Method protocolGet;
    private final Method mediaTypeParse;
    private final Method responseBodySource;
    private final Method responseBodyCreate;
    private final Class<?> sourceClass;
    private final Method sourceRead;
    private final Method sourceTimeout;
    private final Method sourceClose;
    private final Method okioBuffer;
    private final ClassLoader loader;

    private OkHttpApi(ClassLoader loader) throws ReflectiveOperationException {
        this.loader = loader;
        Class<?> call = type("okhttp3.Call");
        Class<?> request = type("okhttp3.Request");
        Class<?> requestBodyClass = type("okhttp3.RequestBody");
        Class<?> response = type("okhttp3.Response");
        Class<?> headers = type("okhttp3.Headers");
        Class<?> protocol = type("okhttp3.Protocol");
        Class<?> mediaType = type("okhttp3.MediaType");
        Class<?> responseBodyClass = type("okhttp3.ResponseBody");
        Class<?> bufferedSink = type("okio.BufferedSink");
        Class<?> bufferedSource = type("okio.BufferedSource");
        bufferClass = type("okio.Buffer");
        sourceClass = type("okio.Source");
        headersBuilderClass = type("okhttp3.Headers$Builder");
        responseBuilderClass = type("okhttp3.Response$Builder");
        callExecute = call.getMethod("execute");
        callbackClass = type("okhttp3.Callback");
        callEnqueue = call.getMethod("enqueue", callbackClass);
        callbackOnResponse = callbackClass.getMethod("onResponse", call, response);
        callbackOnFailure = callbackClass.getMethod("onFailure", call, IOException.class);
        callRequest = call.getMethod("request");
        requestMethod = request.getMethod("method");
        requestUrl = request.getMethod("url");
        requestBody = request.getMethod("body");
        requestBodyWriteTo = requestBodyClass.getMethod("writeTo", bufferedSink);
        requestBodyIsOneShot = requestBodyClass.getMethod("isOneShot");
        requestBodyIsDuplex = requestBodyClass.getMethod("isDuplex");
        bufferReadByteArray = bufferClass.getMethod("readByteArray");
        bufferWrite = bufferClass.getMethod("write", byte[].class);
        bufferWriteRange = bufferClass.getMethod("write", byte[].class, int.class, int.class);
        responseCode = response.getMethod("code");
        responseMessage = response.getMethod("message");
        responseProtocol = response.getMethod("protocol");
        responseHeaders = response.getMethod("headers");
        responseBody = response.getMethod("body");
        responseSentAt = response.getMethod("sentRequestAtMillis");
        responseReceivedAt = response.getMethod("receivedResponseAtMillis");
        headersSize = headers.getMethod("size");
        headersName = headers.getMethod("name", int.class);
        headersValue = headers.getMethod("value", int.class);
        headersBuilderAdd = headersBuilderClass.getMethod("addUnsafeNonAscii", String.class, String.class);
        headersBuilderBuild = headersBuilderClass.getMethod("build");
        builderRequest = responseBuilderClass.getMethod("request", request);
        builderProtocol = responseBuilderClass.getMethod("protocol", protocol);
        builderCode = responseBuilderClass.getMethod("code", int.class);
        builderMessage = responseBuilderClass.getMethod("message", String.class);
        builderHeaders = responseBuilderClass.getMethod("headers", headers);
        builderBody = responseBuilderClass.getMethod("body", responseBodyClass);
        builderSentAt = responseBuilderClass.getMethod("sentRequestAtMillis", long.class);
        builderReceivedAt = responseBuilderClass.getMethod("receivedResponseAtMillis", long.class);
        builderBuild = responseBuilderClass.getMethod("build");
        protocolGet = protocol.getMethod("get", String.class);
        mediaTypeParse = mediaType.getMethod("parse", String.class);
        responseBodySource = responseBodyClass.getMethod("source");
        responseBodyCreate = responseBodyClass.getMethod("create", bufferedSource, mediaType, long.class);
        sourceRead = sourceClass.getMethod("read", bufferClass, long.class);
        sourceTimeout = sourceClass.getMethod("timeout");
        sourceClose = sourceClass.getMethod("close");
        okioBuffer = type("okio.Okio").getMethod("buffer", sourceClass);
    }

    /**
     * @param call an {@code okhttp3.Call}
     * @return the API as the call's class loader sees it
     * @throws IllegalStateException if that OkHttp lacks a method the boundary uses
     */
    static OkHttpApi of(Object call) {
        return BY_CALL_CLASS.get(call.getClass());
    }

    private Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(name, false, loader);
    }

    /** The call's {@code execute()}: the nested entry of the woven method, which proceeds. */
    Object execute(Object call) throws IOException {
        return invoke(callExecute, call);
    }

    /** The call's {@code enqueue(callback)}: the nested entry of the woven method, which proceeds. */
    void enqueue(Object call, Object callback) throws IOException {
        invoke(callEnqueue, call, callback);
    }

    /** @return an {@code okhttp3.Callback} whose calls go to {@code handler} */
    Object callback(java.lang.reflect.InvocationHandler handler) {
        return java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {callbackClass}, handler);
    }

    /** Calls a caller's {@code Callback.onResponse(call, response)}, throwing what it threw. */
    void onResponse(Object callback, Object call, Object response) throws IOException {
        invoke(callbackOnResponse, callback, call, response);
    }

    /** Calls a caller's {@code Callback.onFailure(call, e)}, throwing what it threw. */
    void onFailure(Object callback, Object call, IOException e) throws IOException {
        invoke(callbackOnFailure, callback, call, e);
    }

    Object request(Object call) throws IOException {
        return invoke(callRequest, call);
    }

    String method(Object request) throws IOException {
        return (String) invoke(requestMethod, request);
    }

    String url(Object request) throws IOException {
        return String.valueOf(invoke(requestUrl, request));
    }

    /**
     * @return the bytes the request's body writes, {@code new byte[0]} without a body, or {@code null} for a
     *     body that can be written only once (one-shot or duplex): reading it here would leave nothing to send
     */
    byte[] bodyBytes(Object request) throws IOException {
        Object body = invoke(requestBody, request);
        if (body == null) {
            return new byte[0];
        }
        if ((Boolean) invoke(requestBodyIsOneShot, body) || (Boolean) invoke(requestBodyIsDuplex, body)) {
            return null;
        }
        Object buffer = newBuffer();
        invoke(requestBodyWriteTo, body, buffer);
        return readByteArray(buffer);
    }

    Object newBuffer() throws IOException {
        try {
            return bufferClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw rethrown(e);
        }
    }

    byte[] readByteArray(Object buffer) throws IOException {
        return (byte[]) invoke(bufferReadByteArray, buffer);
    }

    /** @return a buffer holding {@code bytes} (an Okio {@code BufferedSource}) */
    Object bufferOf(byte[] bytes) throws IOException {
        Object buffer = newBuffer();
        invoke(bufferWrite, buffer, bytes);
        return buffer;
    }

    void write(Object buffer, byte[] bytes, int offset, int length) throws IOException {
        invoke(bufferWriteRange, buffer, bytes, offset, length);
    }

    int code(Object response) throws IOException {
        return (Integer) invoke(responseCode, response);
    }

    String message(Object response) throws IOException {
        return (String) invoke(responseMessage, response);
    }

    /** @return the protocol's name as OkHttp spells it ({@code http/1.1}, {@code h2}) */
    String protocol(Object response) throws IOException {
        return String.valueOf(invoke(responseProtocol, response));
    }

    /** @return the headers as alternating names and values, in order */
    java.util.List<String> headers(Object response) throws IOException {
        Object headers = invoke(responseHeaders, response);
        int n = (Integer) invoke(headersSize, headers);
        java.util.List<String> flat = new java.util.ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            flat.add((String) invoke(headersName, headers, i));
            flat.add((String) invoke(headersValue, headers, i));
        }
        return flat;
    }

    Object body(Object response) throws IOException {
        return invoke(responseBody, response);
    }

    long sentAt(Object response) throws IOException {
        return (Long) invoke(responseSentAt, response);
    }

    long receivedAt(Object response) throws IOException {
        return (Long) invoke(responseReceivedAt, response);
    }

    /** @return the body's source (an Okio {@code BufferedSource}) */
    Object source(Object responseBody) throws IOException {
        return invoke(responseBodySource, responseBody);
    }

    /** Reads from an Okio {@code Source} into a buffer: what {@code Source.read} returns (-1 at the end). */
    long read(Object source, Object buffer, long byteCount) throws IOException {
        return (Long) invoke(sourceRead, source, buffer, byteCount);
    }

    Object timeout(Object source) throws IOException {
        return invoke(sourceTimeout, source);
    }

    void close(Object source) throws IOException {
        invoke(sourceClose, source);
    }

    /** @return an Okio {@code Source} whose calls go to {@code handler} (see {@link RecordingOkioSource}) */
    Object source(java.lang.reflect.InvocationHandler handler) {
        return java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {sourceClass}, handler);
    }

    /** @return an Okio {@code BufferedSource} over a {@code Source} */
    Object buffered(Object source) throws IOException {
        return invoke(okioBuffer, null, source);
    }

    /**
     * Builds an {@code okhttp3.Response}.
     *
     * @param request the call's original {@code okhttp3.Request}
     * @param headers alternating names and values
     * @param bodySource an Okio {@code BufferedSource} of the body
     * @param contentLength the body's length, -1 if unknown
     */
    Object response(
            Object request,
            String protocol,
            int code,
            String message,
            java.util.List<String> headers,
            Object bodySource,
            long contentLength,
            long sentAt,
            long receivedAt)
            throws IOException {
        try {
            Object h = headersBuilderClass.getConstructor().newInstance();
            String contentType = null;
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                invoke(headersBuilderAdd, h, headers.get(i), headers.get(i + 1));
                if (contentType == null && headers.get(i).equalsIgnoreCase("Content-Type")) {
                    contentType = headers.get(i + 1);
                }
            }
            Object mediaType = contentType == null ? null : invoke(mediaTypeParse, null, contentType);
            Object body = invoke(responseBodyCreate, null, bodySource, mediaType, contentLength);
            Object b = responseBuilderClass.getConstructor().newInstance();
            invoke(builderRequest, b, request);
            invoke(builderProtocol, b, invoke(protocolGet, null, protocol));
            invoke(builderCode, b, code);
            invoke(builderMessage, b, message);
            invoke(builderHeaders, b, invoke(headersBuilderBuild, h));
            invoke(builderBody, b, body);
            invoke(builderSentAt, b, sentAt);
            invoke(builderReceivedAt, b, receivedAt);
            return invoke(builderBuild, b);
        } catch (ReflectiveOperationException e) {
            throw rethrown(e);
        }
    }

    private static Object invoke(Method m, Object target, Object... args) throws IOException {
        try {
            return m.invoke(target, args);
        } catch (ReflectiveOperationException e) {
            throw rethrown(e);
        }
    }

    /** The OkHttp method's own exception, as it threw it; anything else as an unchecked failure. */
    private static IOException rethrown(ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(cause);
    }
}
