package dev.lazarus.it.apps.golden;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * How the generator's code reaches {@link GoldenHttpServer}: an {@code HttpClient} built as its documentation
 * shows, speaking HTTP/1.1 (the JDK's server speaks nothing else, and a client that tried an upgrade to
 * HTTP/2 first would send other headers), through the server as its proxy, with requests that name
 * {@link GoldenInputs#HTTP_HOST}.
 */
public final class GoldenHttp {
    private GoldenHttp() {}

    /** @return a client whose every request goes to {@code server} */
    public static HttpClient client(InetSocketAddress server) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(server))
                .build();
    }

    /** @return a {@code GET} of {@code path} */
    public static HttpRequest get(String path) {
        return HttpRequest.newBuilder(GoldenInputs.httpUri(path)).GET().build();
    }
}
