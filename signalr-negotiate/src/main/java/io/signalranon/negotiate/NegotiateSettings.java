package io.signalranon.negotiate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.signalranon.client.Hubs;
import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    /** The members of {@code negotiate.json} that negotiate reads. */
    private static final List<String> MEMBERS = List.of(
            "hub",
            "route",
            "userId",
            "allowedOrigins",
            "tokenLifetimeSeconds",
            "visitorCookieMaxAgeSeconds",
            "rateLimit");
    /** The members the Maven plugin also writes, for other endpoints: allowed, not read. */
    private static final List<String> PLUGIN_MEMBERS =
            List.of("url", "userIdClaims", "tokenLifetime", "connectionStringSetting");

    private static final List<String> USER_ID_MEMBERS = List.of("source", "name");
    private static final List<String> RATE_LIMIT_MEMBERS = List.of("perSecond", "burst");
    /** Parts of a member name that make it look like a secret. */
    private static final List<String> SECRET_WORDS =
            List.of("key", "secret", "password", "connectionstring", "credential");

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.-]{0,63}");

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
     * left out take the defaults. The members the Maven plugin writes for other endpoints ({@code url},
     * {@code userIdClaims}, {@code tokenLifetime}, {@code connectionStringSetting}) are allowed and not
     * read; any other member, at the top or in {@code userId} or {@code rateLimit}, is refused, so that a
     * misspelt setting or a key written into the file is not dropped without a word. Keys are never read
     * from it: they come only from the environment.
     *
     * @throws IllegalArgumentException saying what is wrong, naming a refused member but never its value
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
        requireKnownMembers(root, "", MEMBERS, PLUGIN_MEMBERS);
        JsonNode hub = root.get("hub");
        if (hub == null || !hub.isTextual()) {
            throw new IllegalArgumentException("member hub is required");
        }
        NegotiateSettings defaults = defaults(hub.asText());
        JsonNode userId = object(root, "userId", USER_ID_MEMBERS);
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
        JsonNode limit = object(root, "rateLimit", RATE_LIMIT_MEMBERS);
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

    /** The object member {@code name} with only {@code members}, or a missing node when absent or null. */
    private static JsonNode object(JsonNode parent, String name, List<String> members) {
        JsonNode value = parent.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return MissingNode.getInstance();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(
                    "member " + name + " must be an object with " + String.join(", ", members));
        }
        requireKnownMembers(value, name + ".", members, List.of());
        return value;
    }

    /**
     * Refuses the first member of {@code object} that is neither one of {@code members} nor one of
     * {@code pluginMembers} (allowed, not read), on one line that names it and what is allowed, never
     * its value.
     */
    private static void requireKnownMembers(
            JsonNode object, String prefix, List<String> members, List<String> pluginMembers) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (members.contains(name) || pluginMembers.contains(name)) {
                continue;
            }
            List<String> named = members.stream().map(member -> prefix + member).toList();
            String allowed = String.join(", ", named)
                    + (pluginMembers.isEmpty()
                            ? ""
                            : " and the Maven plugin's " + String.join(", ", pluginMembers) + " (not read)");
            String member = "unknown member " + shown(prefix + name);
            if (looksLikeASecret(name)) {
                throw new IllegalArgumentException(member + ": keys never belong in negotiate.json, they come only"
                        + " from the environment (" + VisitorKeys.ENVIRONMENT_VARIABLE + ", "
                        + ClientTokenIssuers.CONNECTION_STRING_VARIABLES.get(0) + "); remove it; allowed are "
                        + allowed);
            }
            throw new IllegalArgumentException(member + ": allowed are " + allowed);
        }
    }

    private static boolean looksLikeASecret(String name) {
        String letters = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return SECRET_WORDS.stream().anyMatch(letters::contains);
    }

    /**
     * A member name as a message shows it: quoted when it is a plain name, else not at all, so that a
     * key or connection string pasted as a name is not printed either.
     */
    private static String shown(String name) {
        return PLAIN_NAME.matcher(name).matches() ? "'" + name + "'" : "(its name is not shown: not a plain name)";
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
