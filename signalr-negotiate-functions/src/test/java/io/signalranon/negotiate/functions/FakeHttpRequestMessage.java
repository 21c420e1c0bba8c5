package io.signalranon.negotiate.functions;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link HttpRequestMessage} as the Functions Java worker hands one over: header names lower-cased,
 * one value per name, query values decoded. Its response builder is stricter than the worker's,
 * which keeps one value per header name: setting a name twice fails instead of losing a value.
 */
final class FakeHttpRequestMessage implements HttpRequestMessage<Optional<String>> {

    private final HttpMethod method;
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();

    FakeHttpRequestMessage(HttpMethod method, URI uri) {
        this.method = method;
        this.uri = uri;
    }

    /** Adds a header; a second value of one name joins the first as the host does ({@code ; } for cookies). */
    FakeHttpRequestMessage header(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        headers.merge(key, value, (a, b) -> a + (key.equals("cookie") ? "; " : ", ") + b);
        return this;
    }

    FakeHttpRequestMessage query(String name, String value) {
        query.putIfAbsent(name, value);
        return this;
    }

    @Override
    public URI getUri() {
        return uri;
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return Map.copyOf(headers);
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return Map.copyOf(query);
    }

    @Override
    public Optional<String> getBody() {
        return Optional.empty();
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new Response(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new Response(status);
    }

    /** A response and its builder. */
    static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {

        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        Response(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public Builder status(HttpStatusType status) {
            this.status = status;
            return this;
        }

        @Override
        public Builder header(String name, String value) {
            if (headers.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw new IllegalStateException("header " + name + " set twice: the Functions host keeps one value");
            }
            headers.put(name, value);
            return this;
        }

        @Override
        public Builder body(Object body) {
            this.body = body;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return this;
        }

        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        Map<String, String> headers() {
            return headers;
        }

        @Override
        public Object getBody() {
            return body;
        }
    }
}
