package io.signalranon.client;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Issues the JSON Web Tokens that Azure SignalR Service accepts for an access key: HS256 keyed by
 * the UTF-8 bytes of the access key (not base64-decoded).
 *
 * <ul>
 *   <li>{@link #forRequest(URI)}: server token for a REST call, {@code aud} = the request URL
 *       without its query string;</li>
 *   <li>{@link #forClient(String, String, Duration)}: client token for negotiate, {@code aud} = the
 *       client URL of the hub, the user id in both {@code nameid} and {@code asrs.s.uid}.</li>
 * </ul>
 * Every token carries {@code iat}, {@code nbf} and {@code exp}. Instances are thread-safe.
 */
public final class AccessTokens {

    /** Lifetime of tokens unless told otherwise, as in Microsoft's SDK. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    /** Longest client token lifetime accepted. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);

    static final String NAME_ID_CLAIM = "nameid";
    static final String USER_ID_CLAIM = "asrs.s.uid";

    private final ConnectionString connection;
    private final Algorithm algorithm;
    private final @Nullable String keyId;
    private final Clock clock;
    private final Duration restLifetime;

    public AccessTokens(ConnectionString connection) {
        this(connection, Clock.systemUTC(), DEFAULT_LIFETIME);
    }

    /**
     * @param restLifetime lifetime of server tokens, 1 second to {@link #MAX_LIFETIME}
     */
    public AccessTokens(ConnectionString connection, Clock clock, Duration restLifetime) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.restLifetime = requireLifetime(restLifetime);
        String accessKey = connection.accessKey();
        if (accessKey == null) {
            throw new IllegalArgumentException("a connection string with AuthType (Entra ID) has no AccessKey to sign"
                    + " tokens with: client tokens need the service's temporary access key");
        }
        this.algorithm = Algorithm.HMAC256(accessKey.getBytes(StandardCharsets.UTF_8));
        this.keyId = null;
    }

    /**
     * Client tokens signed with a temporary access key of the service (Entra ID), the header
     * {@code kid} naming it; for an {@code AuthType=} connection string.
     */
    public AccessTokens(ConnectionString connection, TemporaryAccessKey key, Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.restLifetime = DEFAULT_LIFETIME;
        this.algorithm = Algorithm.HMAC256(key.accessKey().getBytes(StandardCharsets.UTF_8));
        this.keyId = key.keyId();
    }

    /** The server token for a REST request to {@code requestUrl}. */
    public String forRequest(URI requestUrl) {
        return sign(audienceOf(requestUrl), clock.instant(), restLifetime, null);
    }

    /** The lifetime of server tokens. */
    public Duration restLifetime() {
        return restLifetime;
    }

    /**
     * A negotiate response for a client of {@code hub} that identifies as {@code userId}.
     *
     * @param lifetime 1 second to {@link #MAX_LIFETIME}
     */
    public NegotiateResponse forClient(String hub, String userId, Duration lifetime) {
        return forClient(hub, userId, clock.instant(), lifetime);
    }

    /** As {@link #forClient(String, String, Duration)}, issued at a given instant. */
    public NegotiateResponse forClient(String hub, String userId, Instant issuedAt, Duration lifetime) {
        requireLifetime(lifetime);
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("user id must not be empty");
        }
        String url = clientUrl(hub);
        return new NegotiateResponse(url, sign(url, issuedAt, lifetime, userId));
    }

    /** The client URL of a hub: {@code <clientEndpoint>/client/?hub=<hub lower-cased>}. */
    public String clientUrl(String hub) {
        return clientUrl(connection.clientEndpoint(), hub);
    }

    /** The client URL of a hub on a given client endpoint. */
    public static String clientUrl(URI clientEndpoint, String hub) {
        return clientEndpoint + "/client/?hub=" + Hubs.requireValid(hub).toLowerCase(Locale.ROOT);
    }

    /** The audience of a REST token: the URL without query string or fragment. */
    public static String audienceOf(URI requestUrl) {
        String url = requestUrl.toString();
        int cut = url.length();
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0) {
            cut = query;
        }
        if (fragment >= 0 && fragment < cut) {
            cut = fragment;
        }
        return url.substring(0, cut);
    }

    private String sign(String audience, Instant issuedAt, Duration lifetime, @Nullable String userId) {
        Instant iat = issuedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var builder = JWT.create()
                .withAudience(audience)
                .withIssuedAt(iat)
                .withNotBefore(iat)
                .withExpiresAt(iat.plus(lifetime));
        if (userId != null) {
            builder.withClaim(NAME_ID_CLAIM, userId).withClaim(USER_ID_CLAIM, userId);
        }
        if (keyId != null) {
            builder.withKeyId(keyId);
        }
        return builder.sign(algorithm);
    }

    private static Duration requireLifetime(Duration lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "token lifetime must be from 1 second to " + MAX_LIFETIME.toDays() + " days, got " + lifetime);
        }
        return lifetime;
    }
}
