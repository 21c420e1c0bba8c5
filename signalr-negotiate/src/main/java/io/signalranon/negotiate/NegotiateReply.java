package io.signalranon.negotiate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to answer: a status, headers (in order, names may repeat, e.g. {@code Set-Cookie}) and a
 * body (empty for 204). {@link #toString()} leaves the body out: it may hold a token.
 *
 * @param status the HTTP status
 * @param headers the headers to set, in order
 * @param body the body, UTF-8 JSON or empty
 */
public record NegotiateReply(int status, List<Header> headers, String body) {

    /**
     * One response header.
     *
     * @param name the header name
     * @param value the header value
     */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public NegotiateReply {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header (name in any case). */
    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(Header::value)
                .findFirst();
    }

    /** Every value of a header (name in any case). */
    public List<String> headerValues(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(Header::value)
                .toList();
    }

    @Override
    public String toString() {
        return "NegotiateReply[status=" + status + ", headers="
                + headers.stream().map(Header::name).toList() + "]";
    }
}
