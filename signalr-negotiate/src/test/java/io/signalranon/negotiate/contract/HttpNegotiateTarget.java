package io.signalranon.negotiate.contract;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sends the contract's requests over real HTTP to a negotiate path. */
public class HttpNegotiateTarget implements NegotiateTarget {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI negotiate;
    private final AutoCloseable server;

    /**
     * @param negotiate the negotiate URL, e.g. {@code http://127.0.0.1:8080/api/negotiate}
     * @param server what to close at the end
     */
    public HttpNegotiateTarget(URI negotiate, AutoCloseable server) {
        this.negotiate = negotiate;
        this.server = server;
    }

    @Override
    public ContractResponse send(ContractRequest request) throws Exception {
        URI uri = request.query().isEmpty() ? negotiate : URI.create(negotiate + "?" + request.query());
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .method(request.method(), HttpRequest.BodyPublishers.noBody());
        for (Map.Entry<String, String> header : request.headers()) {
            http.header(header.getKey(), header.getValue());
        }
        HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
        return new ContractResponse(response.statusCode(), response.headers().map(), response.body());
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
