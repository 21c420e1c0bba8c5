package io.signalranon.emulator.negotiate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

/**
 * Where the anonymous negotiate endpoint reads the visitor id: a header, a query parameter or a
 * cookie, as the plugin's {@code negotiate.json} names it ({@code userId.source} and {@code .name}).
 *
 * @param kind where the id travels
 * @param name the header, query parameter or cookie name
 */
public record VisitorIdSource(Kind kind, String name) {

    /** Where the id travels. */
    public enum Kind {
        HEADER,
        QUERY,
        COOKIE;

        /** The lower-case label of {@code negotiate.json}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of a label, any case. */
        public static Kind of(String label) {
            for (Kind kind : values()) {
                if (kind.label().equalsIgnoreCase(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("userId.source must be header, query or cookie, got '" + label + "'");
        }
    }

    public VisitorIdSource {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("userId.name must not be blank");
        }
    }

    /** The id as the request carries it (query form-decoded), or {@code null} when it is absent. */
    public String read(Request request) {
        return switch (kind) {
            case HEADER -> request.getHeaders().get(name);
            case QUERY -> Request.extractQueryParameters(request).getValue(name);
            case COOKIE -> cookie(request);
        };
    }

    private String cookie(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        for (int i = cookies.size() - 1; i >= 0; i--) {
            if (cookies.get(i).getName().equals(name)) {
                return cookies.get(i).getValue();
            }
        }
        return null;
    }

    /** How a message names it: {@code header x-ms-signalr-userid}. */
    @Override
    public String toString() {
        return kind.label() + " " + name;
    }
}
