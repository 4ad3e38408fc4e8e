package dev.lazarus.agent.internal.effect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;

/**
 * What the {@code HttpURLConnection} boundary holds for one connection while a thread running an execution uses
 * it: the request body the caller wrote (buffered; it is sent with the exchange, and is part of its digest),
 * then the response the exchange gave, live or from the journal, or the failure it ended with. Guarded by the
 * connection's own use: a connection is used by one thread at a time.
 */
final class UrlConnectionExchange {
    private ByteArrayOutputStream requestBody;
    private UrlConnectionResponse response;
    private Throwable failure;
    private InputStream responseStream;

    /** @return the buffer the caller writes the request body to: the same one for every call */
    synchronized ByteArrayOutputStream requestBody() {
        if (requestBody == null) {
            requestBody = new ByteArrayOutputStream();
        }
        return requestBody;
    }

    /** @return the request body written so far, or {@code null} if the caller never asked for the output stream */
    synchronized byte[] requestBodyBytes() {
        return requestBody == null ? null : requestBody.toByteArray();
    }

    /** @return whether the exchange has happened (or failed): the request can no longer change */
    synchronized boolean exchanged() {
        return response != null || failure != null;
    }

    /** @return the response, or {@code null} before the exchange or after it failed */
    synchronized UrlConnectionResponse response() {
        return response;
    }

    /** @return what the exchange failed with (the network, not an error status), or {@code null} */
    synchronized Throwable failure() {
        return failure;
    }

    synchronized void exchanged(UrlConnectionResponse r) {
        response = r;
    }

    synchronized void failed(Throwable t) {
        failure = t;
    }

    /**
     * @return the stream over the response body: the same one for every call, as the JDK's is, so a second
     *     {@code getInputStream()} goes on where the first stopped; {@code null} if there is no body
     */
    synchronized InputStream responseStream() {
        if (responseStream == null && response != null && response.body() != null) {
            responseStream = new ByteArrayInputStream(response.body());
        }
        return responseStream;
    }
}
