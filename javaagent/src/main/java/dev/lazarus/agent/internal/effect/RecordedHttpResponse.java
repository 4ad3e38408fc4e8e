package dev.lazarus.agent.internal.effect;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The {@code HttpResponse} the {@code java.net.http} boundary hands the caller, live and on replay: built from
 * the exchange's data, with the body the caller's own handler made of the recorded bytes. It has no previous
 * response and no TLS session: neither is journaled.
 */
record RecordedHttpResponse<T>(
        int statusCode, HttpRequest request, HttpHeaders headers, T body, HttpClient.Version version)
        implements HttpResponse<T> {
    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }
}
