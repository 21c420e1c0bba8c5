package io.signalranon.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the URLs of the SignalR REST data plane for one server endpoint and API version.
 *
 * <p>Every path segment taken from the caller is percent-encoded: RFC 3986 unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}) are kept, every other byte of the UTF-8 form becomes {@code %XX}.
 * The dot segments {@code .} and {@code ..} are encoded too, so that no user id can move the path.
 * Instances are immutable and thread-safe.
 */
public final class RestPaths {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final int MAX_GROUP_LENGTH = 1024;
    private static final String GENERATE_TOKEN_VERSION = "2024-12-01";

    private final String base;
    private final ApiVersion version;
    private final String query;

    public RestPaths(URI serverEndpoint, ApiVersion version) {
        this.base = Objects.requireNonNull(serverEndpoint, "serverEndpoint").toString();
        this.version = Objects.requireNonNull(version, "version");
        this.query = version == ApiVersion.V1 ? "" : "?api-version=" + version.label();
    }

    /** The API version of the URLs. */
    public ApiVersion version() {
        return version;
    }

    /** {@code POST}: send to every connection of a user. */
    public URI sendToUser(String hub, String userId) {
        return version == ApiVersion.V1
                ? url("/api/v1/hubs/" + hub(hub) + "/users/" + user(userId))
                : url("/api/hubs/" + hub(hub) + "/users/" + user(userId) + "/:send");
    }

    /** {@code HEAD}: does the user have connections (200) or not (404). */
    public URI user(String hub, String userId) {
        return version == ApiVersion.V1
                ? url("/api/v1/hubs/" + hub(hub) + "/users/" + user(userId))
                : url("/api/hubs/" + hub(hub) + "/users/" + user(userId));
    }

    /** {@code PUT} adds, {@code DELETE} removes a user to or from a group. */
    public URI groupUser(String hub, String group, String userId) {
        return version == ApiVersion.V1
                ? url("/api/v1/hubs/" + hub(hub) + "/groups/" + group(group) + "/users/" + user(userId))
                : url("/api/hubs/" + hub(hub) + "/users/" + user(userId) + "/groups/" + group(group));
    }

    /** {@code POST}: send to every connection in a group. */
    public URI sendToGroup(String hub, String group) {
        return version == ApiVersion.V1
                ? url("/api/v1/hubs/" + hub(hub) + "/groups/" + group(group))
                : url("/api/hubs/" + hub(hub) + "/groups/" + group(group) + "/:send");
    }

    /** {@code POST}: send to every connection of a hub. */
    public URI broadcast(String hub) {
        return version == ApiVersion.V1 ? url("/api/v1/hubs/" + hub(hub)) : url("/api/hubs/" + hub(hub) + "/:send");
    }

    /** {@code HEAD}: service health. */
    public URI health() {
        return version == ApiVersion.V1 ? url("/api/v1/health") : url("/api/health");
    }

    /** {@code GET}: the service's temporary access key, for an Entra ID identity (the same path in every version). */
    public URI accessKey() {
        return URI.create(base + "/api/v1/auth/accessKey");
    }

    /**
     * {@code POST}: a client token made by the service for {@code userId} ({@code null} for none), valid
     * for {@code minutes} (API version 2024-12-01 whatever this one's).
     */
    public URI generateToken(String hub, String userId, long minutes) {
        return URI.create(base + "/api/hubs/" + hub(hub) + "/:generateToken?"
                + (userId == null ? "" : "userId=" + user(userId) + "&") + "minutesToExpire=" + minutes
                + "&api-version=" + GENERATE_TOKEN_VERSION);
    }

    /**
     * Percent-encodes one path segment: unreserved characters kept, every other UTF-8 byte as
     * {@code %XX} (upper-case hex); {@code .} and {@code ..} become {@code %2E} and {@code %2E%2E}.
     */
    public static String encodeSegment(String segment) {
        Objects.requireNonNull(segment, "segment");
        if (segment.equals(".") || segment.equals("..")) {
            return segment.replace(".", "%2E");
        }
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    private URI url(String path) {
        return URI.create(base + path + query);
    }

    private static String hub(String hub) {
        return encodeSegment(Hubs.requireValid(hub));
    }

    private static String user(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("user id must not be empty");
        }
        return encodeSegment(userId);
    }

    private static String group(String group) {
        if (group == null || group.isEmpty() || group.length() > MAX_GROUP_LENGTH) {
            throw new IllegalArgumentException("group name must be 1 to " + MAX_GROUP_LENGTH + " characters");
        }
        return encodeSegment(group);
    }
}
