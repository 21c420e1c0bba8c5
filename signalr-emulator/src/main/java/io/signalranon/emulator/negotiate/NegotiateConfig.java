package io.signalranon.emulator.negotiate;

import io.signalranon.client.AccessTokens;
import io.signalranon.client.Hubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the anonymous negotiate endpoint does: the hub, where the visitor id comes from (the
 * sources are tried in order), the token lifetime and the route under {@code /api/}. Read from the
 * {@code negotiate.json} that {@code mvn signalr-anon:token} writes, or the demo default.
 *
 * @param hub the hub of issued tokens
 * @param sources where the visitor id is read, first found wins
 * @param lifetime lifetime of issued client tokens
 * @param route the route under {@code /api/}, its last segment {@code negotiate}
 */
public record NegotiateConfig(String hub, List<VisitorIdSource> sources, Duration lifetime, String route) {

    private static final Pattern ROUTE = Pattern.compile("([A-Za-z0-9._~-]+/)*negotiate");

    public NegotiateConfig {
        Hubs.requireValid(hub);
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("at least one visitor id source is required");
        }
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(AccessTokens.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("tokenLifetimeSeconds must be from 1 to "
                    + AccessTokens.MAX_LIFETIME.toSeconds() + ", got " + lifetime.toSeconds());
        }
        if (route == null || !ROUTE.matcher(route).matches()) {
            throw new IllegalArgumentException(
                    "route must be relative and end in 'negotiate' (e.g. negotiate, offers/negotiate), got '" + route
                            + "'");
        }
    }

    /**
     * The demo default: hub {@code offers}, the visitor id from the query {@code userid}, the header
     * {@code x-visitor-id} or the cookie {@code visitor-id}, one hour, {@code /api/negotiate}.
     */
    public static NegotiateConfig demo() {
        return new NegotiateConfig(
                "offers",
                List.of(
                        new VisitorIdSource(VisitorIdSource.Kind.QUERY, "userid"),
                        new VisitorIdSource(VisitorIdSource.Kind.HEADER, "x-visitor-id"),
                        new VisitorIdSource(VisitorIdSource.Kind.COOKIE, "visitor-id")),
                AccessTokens.DEFAULT_LIFETIME,
                "negotiate");
    }

    /**
     * Reads a {@code negotiate.json}: {@code hub}, {@code userId.source}/{@code userId.name},
     * {@code tokenLifetimeSeconds} and {@code route} (other members are ignored).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static NegotiateConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode json = JsonMapper.shared().readTree(text);
            JsonNode userId = json.path("userId");
            return new NegotiateConfig(
                    required(json, "hub").asString(),
                    List.of(new VisitorIdSource(
                            VisitorIdSource.Kind.of(required(userId, "source").asString()),
                            required(userId, "name").asString())),
                    Duration.ofSeconds(required(json, "tokenLifetimeSeconds").asLong()),
                    json.path("route").asString("negotiate"));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a negotiate.json: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("member " + name + " is required");
        }
        return value;
    }

    /** The base URL path that SignalR clients are given: the route without {@code /negotiate}. */
    public String basePath() {
        return "/api" + (route.equals("negotiate") ? "" : "/" + route.substring(0, route.lastIndexOf('/')));
    }
}
