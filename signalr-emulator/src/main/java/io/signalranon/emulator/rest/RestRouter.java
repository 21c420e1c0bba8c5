package io.signalranon.emulator.rest;

import io.signalranon.client.ApiVersion;
import io.signalranon.emulator.rest.RestRoute.Operation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Maps a method and a raw (still percent-encoded) path to a {@link RestRoute}, for the v1 and
 * 2022-06-01 paths of the data plane. Path segments are split first and decoded afterwards, so an
 * encoded {@code /} stays inside its user id or group.
 */
public final class RestRouter {

    private static final List<Template> TEMPLATES = List.of(
            new Template(ApiVersion.V1, "api/v1/health", Map.of("GET", Operation.HEALTH, "HEAD", Operation.HEALTH)),
            new Template(ApiVersion.V1, "api/v1/hubs/{hub}", Map.of("POST", Operation.BROADCAST)),
            new Template(
                    ApiVersion.V1,
                    "api/v1/hubs/{hub}/users/{user}",
                    Map.of(
                            "POST",
                            Operation.SEND_TO_USER,
                            "HEAD",
                            Operation.USER_EXISTS,
                            "GET",
                            Operation.USER_EXISTS)),
            new Template(ApiVersion.V1, "api/v1/hubs/{hub}/groups/{group}", Map.of("POST", Operation.SEND_TO_GROUP)),
            new Template(
                    ApiVersion.V1,
                    "api/v1/hubs/{hub}/groups/{group}/users/{user}",
                    Map.of("PUT", Operation.ADD_USER_TO_GROUP, "DELETE", Operation.REMOVE_USER_FROM_GROUP)),
            new Template(
                    ApiVersion.V2022_06_01, "api/health", Map.of("GET", Operation.HEALTH, "HEAD", Operation.HEALTH)),
            new Template(ApiVersion.V2022_06_01, "api/hubs/{hub}/:send", Map.of("POST", Operation.BROADCAST)),
            new Template(
                    ApiVersion.V2022_06_01,
                    "api/hubs/{hub}/users/{user}",
                    Map.of("HEAD", Operation.USER_EXISTS, "GET", Operation.USER_EXISTS)),
            new Template(
                    ApiVersion.V2022_06_01,
                    "api/hubs/{hub}/users/{user}/:send",
                    Map.of("POST", Operation.SEND_TO_USER)),
            new Template(
                    ApiVersion.V2022_06_01,
                    "api/hubs/{hub}/users/{user}/groups/{group}",
                    Map.of("PUT", Operation.ADD_USER_TO_GROUP, "DELETE", Operation.REMOVE_USER_FROM_GROUP)),
            new Template(
                    ApiVersion.V2022_06_01,
                    "api/hubs/{hub}/groups/{group}/:send",
                    Map.of("POST", Operation.SEND_TO_GROUP)),
            new Template(ApiVersion.V1, "api/v1/auth/accessKey", Map.of("GET", Operation.ACCESS_KEY)),
            new Template(ApiVersion.V2022_06_01, "api/auth/accessKey", Map.of("GET", Operation.ACCESS_KEY)),
            new Template(
                    ApiVersion.V2022_06_01, "api/hubs/{hub}/:generateToken", Map.of("POST", Operation.GENERATE_TOKEN)));

    private RestRouter() {}

    /** The outcome of routing: a route, or why there is none. */
    public sealed interface Match {}

    /** The path and method name an operation. */
    public record Found(RestRoute route) implements Match {}

    /** No operation has this path, or the path is not valid percent-encoded UTF-8. */
    public record NotFound(String reason) implements Match {}

    /** The path exists but not for this method. */
    public record MethodNotAllowed(Set<String> allowed) implements Match {}

    /** Routes a request. */
    public static Match route(String method, @Nullable String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return new NotFound("path must start with /");
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (Template template : TEMPLATES) {
            if (template.segments.length != segments.length) {
                continue;
            }
            Match match = template.match(method, segments);
            if (match != null) {
                return match;
            }
        }
        return new NotFound("no operation at this path");
    }

    /**
     * Decodes a percent-encoded path segment as UTF-8 ({@code +} stays a plus).
     *
     * @return the decoded text, or {@code null} when the encoding or the UTF-8 is invalid
     */
    static @Nullable String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    return null;
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private record Template(ApiVersion version, String[] segments, Map<String, Operation> operations) {

        Template(ApiVersion version, String path, Map<String, Operation> operations) {
            this(version, path.split("/"), operations);
        }

        @Nullable Match match(String method, String[] actual) {
            String hub = null;
            String user = null;
            String group = null;
            for (int i = 0; i < segments.length; i++) {
                String expected = segments[i];
                if (expected.startsWith("{")) {
                    String value = decode(actual[i]);
                    if (value == null) {
                        return new NotFound("path segment is not valid percent-encoded UTF-8");
                    }
                    if (value.isEmpty()) {
                        return null;
                    }
                    switch (expected) {
                        case "{hub}" -> hub = value;
                        case "{user}" -> user = value;
                        default -> group = value;
                    }
                } else if (!expected.equalsIgnoreCase(actual[i])) {
                    return null;
                }
            }
            Operation operation = operations.get(method);
            if (operation == null) {
                return new MethodNotAllowed(new TreeSet<>(operations.keySet()));
            }
            return new Found(new RestRoute(operation, version, hub, user, group));
        }
    }
}
