package io.signalranon.negotiate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A negotiate request as any HTTP stack sees it: the method, the client's address and the headers
 * and query parameters (the body is never read). Header names are kept lower-cased; query values
 * are the decoded ones.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param clientAddress the client's address as the server sees it (the rate limit's key)
 * @param headers header values by lower-cased name, in order
 * @param query decoded query parameter values by name, in order
 */
public record NegotiateRequest(
        String method, String clientAddress, Map<String, List<String>> headers, Map<String, List<String>> query) {

    public NegotiateRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Map<String, List<String>> lowerCased = new LinkedHashMap<>();
        headers.forEach((name, values) -> lowerCased
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        headers = copy(lowerCased);
        query = copy(query);
    }

    /** A builder of a request with {@code method} from {@code clientAddress}. */
    public static Builder builder(String method, String clientAddress) {
        return new Builder(method, clientAddress);
    }

    /** The first value of a header (name in any case). */
    public Optional<String> header(String name) {
        return first(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every value of a header (name in any case). */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParameter(String name) {
        return first(query.get(name));
    }

    private static Optional<String> first(@Nullable List<String> values) {
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** Collects headers and query parameters one value at a time. */
    public static final class Builder {

        private final String method;
        private final String clientAddress;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();

        private Builder(String method, String clientAddress) {
            this.method = method;
            this.clientAddress = clientAddress;
        }

        /** Adds one header value. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .add(value);
            return this;
        }

        /** Adds one decoded query parameter value. */
        public Builder query(String name, String value) {
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        public NegotiateRequest build() {
            return new NegotiateRequest(method, clientAddress, headers, query);
        }
    }
}
