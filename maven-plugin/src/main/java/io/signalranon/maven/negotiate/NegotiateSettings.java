package io.signalranon.maven.negotiate;

import io.signalranon.client.Hubs;
import io.signalranon.negotiate.RateLimit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a negotiate endpoint needs to know, independent of how it is hosted.
 *
 * @param hub the hub name (Azure SignalR's rules; the client URL lower-cases it)
 * @param userIdSource where the endpoint reads the visitor's user id
 * @param route the HTTP route of the Azure Functions negotiate function, ending in {@code negotiate}
 * @param connectionStringSetting the app setting that holds the connection string at run time
 * @param lifetime the lifetime of issued client tokens
 * @param allowedOrigins the exact origins whose pages may call the endpoint
 * @param rateLimit negotiates allowed per client address
 */
public record NegotiateSettings(
        String hub,
        UserIdSource userIdSource,
        String route,
        String connectionStringSetting,
        TokenLifetime lifetime,
        List<String> allowedOrigins,
        RateLimit rateLimit) {

    /** The default hub. */
    public static final String DEFAULT_HUB = "offers";
    /** The default function route. */
    public static final String DEFAULT_ROUTE = "negotiate";
    /** The app setting Azure Functions reads by default. */
    public static final String DEFAULT_CONNECTION_STRING_SETTING = "AzureSignalRConnectionString";

    private static final Pattern ROUTE = Pattern.compile("([A-Za-z0-9._~{}-]+/)*negotiate");
    private static final Pattern APP_SETTING = Pattern.compile("[A-Za-z0-9_.:-]{1,256}");

    public NegotiateSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        try {
            io.signalranon.negotiate.NegotiateSettings.defaults("offers")
                    .withAllowedOrigins(new LinkedHashSet<>(allowedOrigins));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("signalr-anon.allowedOrigins", "signalr-anon." + e.getMessage());
        }
        Objects.requireNonNull(rateLimit, "rateLimit");
        try {
            Hubs.requireValid(hub);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("signalr-anon.hub", "signalr-anon.hub: " + e.getMessage());
        }
        Objects.requireNonNull(userIdSource, "userIdSource");
        Objects.requireNonNull(lifetime, "lifetime");
        if (route == null || !ROUTE.matcher(route).matches()) {
            throw new InvalidSettingException(
                    "signalr-anon.route",
                    "signalr-anon.route must be a relative route whose"
                            + " last segment is 'negotiate' (e.g. negotiate or offers/negotiate: SignalR clients post to"
                            + " <hub url>/negotiate), with segments of letters, digits and ._~{}-, got '"
                            + Printable.of(route) + "'");
        }
        if (connectionStringSetting == null
                || !APP_SETTING.matcher(connectionStringSetting).matches()) {
            throw new InvalidSettingException(
                    "signalr-anon.connectionStringSetting",
                    "signalr-anon.connectionStringSetting must be an app setting name of 1 to 256 letters, digits"
                            + " and _.:-, got '" + Printable.of(connectionStringSetting) + "'");
        }
    }

    /** Settings with no allowed cross-origin page and the default rate limit. */
    public NegotiateSettings(
            String hub,
            UserIdSource userIdSource,
            String route,
            String connectionStringSetting,
            TokenLifetime lifetime) {
        this(hub, userIdSource, route, connectionStringSetting, lifetime, List.of(), RateLimit.DEFAULT);
    }

    /**
     * The rate limit of {@code perSecond} with {@code burst}.
     *
     * @throws InvalidSettingException naming the setting
     */
    public static RateLimit rateLimit(double perSecond, int burst) {
        try {
            return new RateLimit(perSecond, burst);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(
                    "signalr-anon.rateLimitPerSecond",
                    Objects.requireNonNullElse(e.getMessage(), e.toString())
                            .replace("rateLimit.perSecond", "signalr-anon.rateLimitPerSecond")
                            .replace("rateLimit.burst", "signalr-anon.rateLimitBurst"));
        }
    }
}
