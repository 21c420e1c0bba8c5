package io.signalranon.negotiate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalranon.client.Hubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a negotiate endpoint does, as {@code negotiate.json} describes it.
 *
 * @param hub the hub of issued tokens
 * @param route the route under {@code /api/}, its last segment {@code negotiate}
 * @param userId where the visitor id comes from
 * @param allowedOrigins the exact origins ({@code https://shop.example}) whose pages may call the endpoint, the
 *     site's own included: browsers send {@code Origin} with every {@code POST}
 * @param tokenLifetime the lifetime of client tokens, 1 second to {@link #MAX_TOKEN_LIFETIME}
 * @param cookieMaxAge the lifetime of new visitor cookies, 1 minute to 400 days
 * @param rateLimit negotiates per client address
 */
public record NegotiateSettings(
        String hub,
        String route,
        UserIdSource userId,
        Set<String> allowedOrigins,
        Duration tokenLifetime,
        Duration cookieMaxAge,
        RateLimit rateLimit) {

    /** The longest lifetime of an anonymous client token. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(24);
    /** The default token lifetime. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
    /** The default lifetime of a visitor cookie. */
    public static final Duration DEFAULT_COOKIE_MAX_AGE = Duration.ofDays(365);
    /** The longest cookie lifetime browsers keep (Chromium caps at 400 days). */
    public static final Duration MAX_COOKIE_MAX_AGE = Duration.ofDays(400);

    private static final Pattern ROUTE = Pattern.compile("([A-Za-z0-9._~-]+/)*negotiate");
    private static final Pattern ORIGIN = Pattern.compile(
            "https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+\\])"
                    + "(:[0-9]{1,5})?");
    private static final ObjectMapper JSON = new ObjectMapper();

    public NegotiateSettings {
        Hubs.requireValid(hub);
        if (route == null || !ROUTE.matcher(route).matches()) {
            throw new IllegalArgumentException(
                    "route must be relative and end in 'negotiate' (e.g. negotiate, offers/negotiate), got '" + route
                            + "'");
        }
        Objects.requireNonNull(userId, "userId");
        allowedOrigins = Set.copyOf(new LinkedHashSet<>(allowedOrigins));
        for (String origin : allowedOrigins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("allowedOrigins: '" + origin + "' is not an origin: write"
                        + " scheme://host[:port] in lower case, with no path or trailing slash"
                        + " (e.g. https://shop.example); * and null are never allowed");
            }
        }
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        if (tokenLifetime.compareTo(Duration.ofSeconds(1)) < 0 || tokenLifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "tokenLifetimeSeconds must be from 1 to " + MAX_TOKEN_LIFETIME.toSeconds()
                            + " (24 hours) for anonymous visitors, got " + tokenLifetime.toSeconds());
        }
        Objects.requireNonNull(cookieMaxAge, "cookieMaxAge");
        if (cookieMaxAge.compareTo(Duration.ofMinutes(1)) < 0 || cookieMaxAge.compareTo(MAX_COOKIE_MAX_AGE) > 0) {
            throw new IllegalArgumentException("visitorCookieMaxAgeSeconds must be from 60 to "
                    + MAX_COOKIE_MAX_AGE.toSeconds() + " (400 days), got " + cookieMaxAge.toSeconds());
        }
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /**
     * The defaults for {@code hub}: route {@code negotiate}, the signed cookie {@code sa_vid}, no
     * allowed origin, 1-hour tokens, 1-year cookies, 10 negotiates a second with a burst
     * of 20 per client address.
     */
    public static NegotiateSettings defaults(String hub) {
        return new NegotiateSettings(
                hub,
                "negotiate",
                UserIdSource.DEFAULT,
                Set.of(),
                DEFAULT_TOKEN_LIFETIME,
                DEFAULT_COOKIE_MAX_AGE,
                RateLimit.DEFAULT);
    }

    /** These settings with other allowed origins. */
    public NegotiateSettings withAllowedOrigins(Set<String> origins) {
        return new NegotiateSettings(hub, route, userId, origins, tokenLifetime, cookieMaxAge, rateLimit);
    }

    /** These settings with another rate limit. */
    public NegotiateSettings withRateLimit(RateLimit limit) {
        return new NegotiateSettings(hub, route, userId, allowedOrigins, tokenLifetime, cookieMaxAge, limit);
    }

    /** These settings with another token lifetime. */
    public NegotiateSettings withTokenLifetime(Duration lifetime) {
        return new NegotiateSettings(hub, route, userId, allowedOrigins, lifetime, cookieMaxAge, rateLimit);
    }

    /** These settings with another visitor-id source. */
    public NegotiateSettings withUserId(UserIdSource source) {
        return new NegotiateSettings(hub, route, source, allowedOrigins, tokenLifetime, cookieMaxAge, rateLimit);
    }

    /** The base path that SignalR clients are given: {@code /api} and the route without {@code /negotiate}. */
    public String basePath() {
        return "/api" + (route.equals("negotiate") ? "" : "/" + route.substring(0, route.lastIndexOf('/')));
    }

    /** The path served, {@code /api/<route>}. */
    public String path() {
        return "/api/" + route;
    }

    /**
     * Reads a {@code negotiate.json} file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static NegotiateSettings read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a valid negotiate.json: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the text of a {@code negotiate.json}: {@code hub} (required), {@code route},
     * {@code userId.source}/{@code userId.name}, {@code allowedOrigins}, {@code tokenLifetimeSeconds},
     * {@code visitorCookieMaxAgeSeconds}, {@code rateLimit.perSecond}/{@code rateLimit.burst}; members
     * left out take the defaults, other members are ignored. Keys are never read from it.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static NegotiateSettings parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode hub = root.get("hub");
        if (hub == null || !hub.isTextual()) {
            throw new IllegalArgumentException("member hub is required");
        }
        NegotiateSettings defaults = defaults(hub.asText());
        JsonNode userId = root.path("userId");
        UserIdSource source = userId.isMissingNode()
                ? defaults.userId()
                : new UserIdSource(
                        UserIdSource.Kind.of(text(userId, "source", UserIdSource.Kind.SIGNED_COOKIE.label())),
                        text(userId, "name", UserIdSource.DEFAULT_COOKIE));
        List<String> origins = new ArrayList<>();
        JsonNode allowed = root.path("allowedOrigins");
        if (!allowed.isMissingNode()) {
            if (!allowed.isArray()) {
                throw new IllegalArgumentException("allowedOrigins must be an array of origins");
            }
            allowed.forEach(origin -> {
                if (!origin.isTextual()) {
                    throw new IllegalArgumentException("allowedOrigins must be an array of strings");
                }
                origins.add(origin.asText());
            });
        }
        JsonNode limit = root.path("rateLimit");
        return new NegotiateSettings(
                defaults.hub(),
                text(root, "route", defaults.route()),
                source,
                new LinkedHashSet<>(origins),
                Duration.ofSeconds(number(
                        root, "tokenLifetimeSeconds", defaults.tokenLifetime().toSeconds())),
                Duration.ofSeconds(number(
                        root,
                        "visitorCookieMaxAgeSeconds",
                        defaults.cookieMaxAge().toSeconds())),
                new RateLimit(decimal(limit, "perSecond", defaults.rateLimit().perSecond()), (int)
                        number(limit, "burst", defaults.rateLimit().burst())));
    }

    private static String text(JsonNode parent, String name, String fallback) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("member " + name + " must be a string");
        }
        return value.asText();
    }

    private static long number(JsonNode parent, String name, long fallback) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("member " + name + " must be a whole number");
        }
        return value.asLong();
    }

    private static double decimal(JsonNode parent, String name, double fallback) {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("member " + name + " must be a number");
        }
        return value.asDouble();
    }
}
