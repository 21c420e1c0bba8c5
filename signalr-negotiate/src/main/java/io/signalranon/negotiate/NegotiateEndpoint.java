package io.signalranon.negotiate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.client.UserIds;
import io.signalranon.negotiate.limit.ClientRateLimiter;
import io.signalranon.negotiate.token.ClientTokenException;
import io.signalranon.negotiate.token.ClientTokenIssuer;
import io.signalranon.negotiate.visitor.NewVisitorIds;
import io.signalranon.negotiate.visitor.Verification;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The anonymous negotiate endpoint, independent of any HTTP stack: an adapter (a Jetty handler, a
 * servlet, a Spring MVC controller, an Azure Functions handler) only translates its request into a
 * {@link NegotiateRequest}, calls {@link #handle(NegotiateRequest)} and writes the {@link
 * NegotiateReply} back as it is (status, every header in order, body), for {@code POST} and {@code
 * OPTIONS} on {@link NegotiateSettings#path()}. It never reads the body.
 *
 * <p>For each request, in order:
 * <ol>
 *   <li><b>Origin</b>: when present, it must be on the exact allowlist, else 403 and no token;
 *       preflights ({@code OPTIONS}) are answered 204 with the CORS headers;</li>
 *   <li><b>rate limit</b> per client address, else 429 with {@code Retry-After};</li>
 *   <li><b>identity</b>: only a valid signed visitor cookie; anything else (no cookie, a header or
 *       query id, a plain cookie, a bad MAC, an unknown key id, an expired cookie) makes a new
 *       visitor with a random 128-bit id and a fresh cookie in {@code Set-Cookie}. A cookie signed
 *       with an older key, or past half its life, is re-signed. With a source that trusts the caller
 *       (chosen explicitly), the id is read from it and checked against the visitor-id rule (400);</li>
 *   <li><b>token</b> for that id, body {@code {"url", "accessToken", "visitorId"}},
 *       {@code Cache-Control: no-store}; when no token can be issued, 503 with no cookie.</li>
 * </ol>
 * Thread-safe; build one per endpoint (the rate limit lives in it).
 */
public final class NegotiateEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final NegotiateSettings settings;
    private final ClientTokenIssuer tokens;
    private final @Nullable VisitorCookies cookies;
    private final Clock clock;
    private final Cors cors;
    private final ClientRateLimiter limiter;
    private final NewVisitorIds newIds = new NewVisitorIds();

    private NegotiateEndpoint(Builder builder) {
        this.settings = Objects.requireNonNull(builder.settings, "settings");
        this.tokens = Objects.requireNonNull(builder.tokens, "tokens");
        this.clock = builder.clock;
        this.cookies = builder.keys == null ? null : new VisitorCookies(builder.keys);
        if (!settings.userId().trustsTheCaller() && cookies == null) {
            throw new IllegalStateException("the visitor id source is " + settings.userId()
                    + ", which needs visitor keys: set " + VisitorKeys.ENVIRONMENT_VARIABLE
                    + " (kid:<base64 key of at least 32 bytes>) or " + VisitorKeys.FILE_ENVIRONMENT_VARIABLE);
        }
        this.cors = new Cors(settings.allowedOrigins());
        this.limiter = new ClientRateLimiter(
                settings.rateLimit().perSecond(), settings.rateLimit().burst(), clock);
    }

    /** A builder of an endpoint with these settings and this way to sign tokens. */
    public static Builder builder(NegotiateSettings settings, ClientTokenIssuer tokens) {
        return new Builder(settings, tokens);
    }

    /** The settings. */
    public NegotiateSettings settings() {
        return settings;
    }

    /**
     * What an operator must hear at start (print or log each line as a warning): a source that
     * lets any caller claim any visitor id; an endpoint no browser page may call (browsers send
     * {@code Origin} with every {@code POST}, same-origin ones included).
     */
    public List<String> startWarnings() {
        List<String> warnings = new ArrayList<>();
        if (settings.userId().trustsTheCaller()) {
            warnings.add("negotiate takes the visitor id from the " + settings.userId()
                    + ": any caller can claim any visitor id and receive that visitor's offers;"
                    + " use userId.source signed-cookie");
        }
        if (settings.allowedOrigins().isEmpty()) {
            warnings.add("negotiate allows no browser page (allowedOrigins is empty): browsers send Origin with"
                    + " every POST, same-origin ones included, so list the site's own origin (https://shop.example)"
                    + " and any other whose pages call negotiate; until then only clients that send no Origin can");
        }
        return warnings;
    }

    /** Answers one negotiate request. */
    public NegotiateReply handle(NegotiateRequest request) {
        List<NegotiateReply.Header> headers = new ArrayList<>();
        headers.add(new NegotiateReply.Header("Cache-Control", "no-store"));
        headers.add(new NegotiateReply.Header("Vary", "Origin"));
        headers.add(new NegotiateReply.Header("X-Content-Type-Options", "nosniff"));
        List<String> origins = request.headerValues("Origin");
        if (!cors.allows(origins)) {
            return error(403, "Error.OriginNotAllowed", "this origin may not call negotiate", headers);
        }
        if (request.method().equalsIgnoreCase("OPTIONS")) {
            cors.addPreflightHeaders(origins, headers);
            return new NegotiateReply(204, headers, "");
        }
        cors.addHeaders(origins, headers);
        if (!request.method().equalsIgnoreCase("POST")) {
            headers.add(new NegotiateReply.Header("Allow", Cors.ALLOWED_METHODS));
            return error(405, "Error.MethodNotAllowed", "negotiate takes POST", headers);
        }
        Optional<Duration> wait = limiter.acquire(request.clientAddress());
        if (wait.isPresent()) {
            headers.add(new NegotiateReply.Header(
                    "Retry-After", Long.toString(Math.max(1, (wait.get().toMillis() + 999) / 1000))));
            return error(429, "Error.TooManyRequests", "too many negotiates from this address", headers);
        }
        Instant now = clock.instant();
        List<NegotiateReply.Header> newCookie = new ArrayList<>();
        String visitorId;
        if (settings.userId().trustsTheCaller()) {
            Optional<String> claimed = claimedId(request);
            if (claimed.isEmpty()) {
                return error(
                        400,
                        "Error.BadRequest",
                        "the visitor id is missing: send it in the " + settings.userId(),
                        headers);
            }
            Optional<String> problem = UserIds.reason(claimed.get());
            if (problem.isPresent()) {
                return error(
                        400,
                        "Error.BadRequest",
                        "the visitor id in the " + settings.userId() + " " + problem.get(),
                        headers);
            }
            visitorId = claimed.get();
        } else {
            visitorId = signedVisitor(request, now, newCookie);
        }
        NegotiateResponse negotiate;
        try {
            negotiate = tokens.issue(settings.hub(), visitorId, settings.tokenLifetime());
        } catch (ClientTokenException e) {
            headers.add(new NegotiateReply.Header("Retry-After", "1"));
            return error(503, "Error.ServiceUnavailable", "no client token can be issued now", headers);
        }
        headers.addAll(newCookie);
        ObjectNode body = JSON.createObjectNode()
                .put("url", negotiate.url())
                .put("accessToken", negotiate.accessToken())
                .put("visitorId", visitorId);
        headers.add(new NegotiateReply.Header("Content-Type", JSON_TYPE));
        return new NegotiateReply(200, headers, body.toString());
    }

    /**
     * The visitor of a valid signed cookie, re-signed when due; else a new visitor with a new cookie.
     * The cookie to set goes to {@code newCookie}, which the reply carries only with a token.
     */
    private String signedVisitor(NegotiateRequest request, Instant now, List<NegotiateReply.Header> newCookie) {
        VisitorCookies signer = Objects.requireNonNull(cookies);
        for (String value : CookieHeader.values(
                request.headerValues("Cookie"), settings.userId().name())) {
            if (signer.verify(value, now) instanceof Verification.Valid valid) {
                boolean olderKey =
                        !valid.kid().equals(signer.keys().signingKey().kid());
                boolean pastHalfLife = valid.expiresAt()
                        .isBefore(now.plus(settings.cookieMaxAge().dividedBy(2)));
                if (olderKey || pastHalfLife) {
                    newCookie.add(setCookie(signer.sign(valid.visitorId(), expiry(now))));
                }
                return valid.visitorId();
            }
        }
        String visitorId = newIds.next();
        newCookie.add(setCookie(signer.sign(visitorId, expiry(now))));
        return visitorId;
    }

    /**
     * The {@code Set-Cookie} value for a visitor cookie, as this endpoint sets it:
     * {@code <name>=<value>; Max-Age=<cookieMaxAge>; Path=/; Secure; HttpOnly; SameSite=Lax}, no {@code Domain}.
     */
    public String setCookieValue(String cookieValue) {
        return settings.userId().name() + "=" + cookieValue + "; Max-Age="
                + settings.cookieMaxAge().toSeconds() + "; Path=/; Secure; HttpOnly; SameSite=Lax";
    }

    /**
     * A signed cookie value for a chosen visitor id, expiring after the cookie lifetime. For tools
     * and development only: negotiate itself never signs an id the request names.
     *
     * @throws IllegalStateException when this endpoint has no visitor keys
     * @throws IllegalArgumentException when the id breaks the visitor-id rule
     */
    public String signVisitor(String visitorId) {
        if (cookies == null) {
            throw new IllegalStateException("this negotiate endpoint has no visitor keys");
        }
        return cookies.sign(visitorId, expiry(clock.instant()));
    }

    private NegotiateReply.Header setCookie(String value) {
        return new NegotiateReply.Header("Set-Cookie", setCookieValue(value));
    }

    private Instant expiry(Instant now) {
        return now.plus(settings.cookieMaxAge());
    }

    private Optional<String> claimedId(NegotiateRequest request) {
        String name = settings.userId().name();
        Optional<String> value = switch (settings.userId().kind()) {
            case HEADER -> request.header(name);
            case QUERY -> request.queryParameter(name);
            case COOKIE ->
                CookieHeader.values(request.headerValues("Cookie"), name).stream()
                        .findFirst();
            case SIGNED_COOKIE -> Optional.empty();
        };
        return value.filter(id -> !id.isBlank());
    }

    private static NegotiateReply error(int status, String code, String message, List<NegotiateReply.Header> headers) {
        headers.add(new NegotiateReply.Header("Content-Type", JSON_TYPE));
        headers.add(new NegotiateReply.Header("x-ms-error-code", code));
        String body = JSON.createObjectNode()
                .put("code", code)
                .put("message", message)
                .toString();
        return new NegotiateReply(status, headers, body);
    }

    /** Settings of a {@link NegotiateEndpoint}. */
    public static final class Builder {

        private final NegotiateSettings settings;
        private final ClientTokenIssuer tokens;
        private @Nullable VisitorKeys keys;
        private Clock clock = Clock.systemUTC();

        private Builder(NegotiateSettings settings, ClientTokenIssuer tokens) {
            this.settings = settings;
            this.tokens = tokens;
        }

        /** The keys of visitor cookies (required for the signed-cookie source), e.g. from {@link VisitorKeys#fromEnvironment}. */
        public Builder visitorKeys(@Nullable VisitorKeys keys) {
            this.keys = keys;
            return this;
        }

        /** The clock of cookie expiry and the rate limit; the UTC system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the endpoint.
         *
         * @throws IllegalStateException when the signed-cookie source has no keys
         */
        public NegotiateEndpoint build() {
            return new NegotiateEndpoint(this);
        }
    }
}
