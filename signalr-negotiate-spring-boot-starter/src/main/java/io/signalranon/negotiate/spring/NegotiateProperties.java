package io.signalranon.negotiate.spring;

import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.RateLimit;
import io.signalranon.negotiate.UserIdSource;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The negotiate endpoint's settings, {@code signalr.negotiate.*}: the members of {@code negotiate.json}.
 * Visitor keys are never a property: they come from {@code SIGNALR_ANON_VISITOR_KEYS} (or
 * {@code SIGNALR_ANON_VISITOR_KEYS_FILE}), or from a {@code VisitorKeys} bean of the application.
 *
 * @param enabled Whether the endpoint is served.
 * @param hub The hub of issued client tokens.
 * @param route The route under /api/, ending in 'negotiate' (served at /api/{route}).
 * @param userId Where the visitor id comes from.
 * @param allowedOrigins The exact origins (scheme://host[:port]) whose pages may call the endpoint with credentials.
 * @param tokenLifetime The lifetime of client tokens, at most 24 hours.
 * @param visitorCookieMaxAge The lifetime of new visitor cookies, 1 minute to 400 days.
 * @param rateLimit Negotiates per client address (per application instance).
 * @param connectionString The connection string, when neither SIGNALR_CONNECTION_STRING nor AzureSignalRConnectionString is set.
 */
@ConfigurationProperties("signalr.negotiate")
public record NegotiateProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("offers") String hub,
        @DefaultValue("negotiate") String route,
        @DefaultValue UserId userId,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("1h") Duration tokenLifetime,
        @DefaultValue("365d") Duration visitorCookieMaxAge,
        @DefaultValue Limit rateLimit,
        @Nullable String connectionString) {

    /**
     * Where the visitor id comes from.
     *
     * @param source Signed-cookie (the default and the only safe source), or header, query or cookie, which let any caller claim any id.
     * @param name The cookie, header or query parameter name.
     */
    public record UserId(
            @DefaultValue("signed-cookie") String source,
            @DefaultValue("sa_vid") String name) {}

    /**
     * Negotiates per client address.
     *
     * @param perSecond The sustained rate.
     * @param burst The most at once.
     */
    public record Limit(
            @DefaultValue("10") double perSecond,
            @DefaultValue("20") int burst) {}

    /**
     * These properties as the library's settings, checked as negotiate.json is.
     *
     * @throws IllegalArgumentException saying which setting breaks which rule
     */
    public NegotiateSettings toSettings() {
        return new NegotiateSettings(
                hub,
                route,
                new UserIdSource(UserIdSource.Kind.of(userId.source()), userId.name()),
                new LinkedHashSet<>(allowedOrigins),
                tokenLifetime,
                visitorCookieMaxAge,
                new RateLimit(rateLimit.perSecond(), rateLimit.burst()));
    }
}
