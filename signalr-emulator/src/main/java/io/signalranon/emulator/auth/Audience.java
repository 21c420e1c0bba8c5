package io.signalranon.emulator.auth;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A URL taken apart for audience checks: scheme and host lower-cased, the port ({@code -1} when the
 * URL names none), the raw path and the raw query ({@code null} when there is none).
 *
 * @param scheme {@code http} or {@code https}, lower-cased
 * @param host the host, lower-cased
 * @param port the explicit port, or {@code -1}
 * @param path the raw path, {@code /} at least
 * @param query the raw query without {@code ?}, or {@code null}
 */
public record Audience(
        String scheme,
        String host,
        int port,
        String path,
        @Nullable String query) {

    /**
     * Parses an absolute http(s) URL as a token or a request carries it.
     *
     * @return the parts, or {@code null} when the text is not such a URL
     */
    public static @Nullable Audience parse(String url) {
        int authorityStart = url.indexOf("://");
        if (authorityStart <= 0) {
            return null;
        }
        String scheme = url.substring(0, authorityStart).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        String rest = url.substring(authorityStart + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int queryStart = rest.indexOf('?');
        String query = queryStart < 0 ? null : rest.substring(queryStart + 1);
        String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String path = slash < 0 ? "/" : beforeQuery.substring(slash);
        int colon = authority.lastIndexOf(':');
        int port = -1;
        String host = authority;
        if (colon >= 0 && authority.indexOf(']', colon) < 0) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (port < 1 || port > 65535) {
                return null;
            }
        }
        if (host.isEmpty()) {
            return null;
        }
        return new Audience(scheme, host.toLowerCase(Locale.ROOT), port, path, query);
    }

    /** The port in effect: the explicit one, else 80 for http and 443 for https. */
    public int effectivePort() {
        return port >= 0 ? port : scheme.equals("https") ? 443 : 80;
    }

    /**
     * Whether a token with this audience may call {@code request} on the REST data plane, as the
     * service accepts it: same scheme and host, path exactly equal, port absent or equal, query
     * absent or equal (the .NET SDKs sign without the port, and some with the query).
     */
    public boolean admitsRequest(Audience request) {
        return sameOrigin(request)
                && path.equals(request.path)
                && (query == null || query.equals(request.query == null ? "" : request.query));
    }

    /**
     * Whether this is a client audience for {@code hub} at the origin of {@code request}: same
     * scheme and host, port absent or equal, path {@code /client/} and a query that is only
     * {@code hub=<hub>}, the hub compared lower-cased.
     */
    public boolean admitsClient(Audience request, String hub) {
        if (!sameOrigin(request) || !path.equals("/client/") || query == null || !query.startsWith("hub=")) {
            return false;
        }
        String value = query.substring("hub=".length());
        return value.indexOf('&') < 0 && value.toLowerCase(Locale.ROOT).equals(hub.toLowerCase(Locale.ROOT));
    }

    private boolean sameOrigin(Audience request) {
        return scheme.equals(request.scheme)
                && host.equals(request.host)
                && (port < 0 || effectivePort() == request.effectivePort());
    }
}
