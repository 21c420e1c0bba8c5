package io.signalranon.maven.negotiate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalranon.client.AccessTokens;
import io.signalranon.client.NegotiateResponse;
import io.signalranon.negotiate.visitor.VisitorCookies;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes the negotiate configuration and test tokens for one hub:
 * <ul>
 *   <li>{@code negotiate/function.json}, only for an explicit header or query source: an anonymous
 *       HTTP-triggered POST function with a {@code signalRConnectionInfo} input binding that reads the
 *       user id from the header or query parameter, so it trusts whatever id the caller names. Not
 *       written for a cookie source: Azure Functions binding expressions can only reach the whole
 *       {@code Cookie} header, never one cookie, and cannot verify a signature.</li>
 *   <li>{@code negotiate.json}: the same choices in a neutral form for negotiate endpoints built on
 *       signalr-negotiate (the emulator's among them), with the allowed origins and the rate limit.</li>
 *   <li>{@code tokens.json}: a negotiate response per test user, and with visitor keys a signed
 *       visitor cookie per test user.</li>
 * </ul>
 * The connection string never appears in an output: function.json names only its app setting.
 */
public final class NegotiateConfigGenerator {

    /** The function folder and its descriptor, relative to the output directory. */
    public static final String FUNCTION_JSON = "negotiate/function.json";
    /** The neutral negotiate description, relative to the output directory. */
    public static final String NEGOTIATE_JSON = "negotiate.json";
    /** The test tokens, relative to the output directory. */
    public static final String TOKENS_JSON = "tokens.json";

    private static final List<String> USER_ID_CLAIMS = List.of("nameid", "asrs.s.uid");

    private final AccessTokens accessTokens;
    private final Clock clock;
    private final Optional<VisitorCookies> visitorCookies;

    /**
     * @param accessTokens signs the test tokens with the connection string's access key
     * @param clock gives the issue time of the test tokens
     */
    public NegotiateConfigGenerator(AccessTokens accessTokens, Clock clock) {
        this(accessTokens, clock, Optional.empty());
    }

    /**
     * @param accessTokens signs the test tokens with the connection string's access key
     * @param clock gives the issue time of the test tokens
     * @param visitorKeys sign a visitor cookie per test user, when present
     */
    public NegotiateConfigGenerator(AccessTokens accessTokens, Clock clock, Optional<VisitorKeys> visitorKeys) {
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.visitorCookies = visitorKeys.map(VisitorCookies::new);
    }

    /**
     * Writes the three outputs under {@code outputDirectory}, replacing earlier ones (a stale
     * function.json is removed when the source is a cookie).
     *
     * @throws IOException when a file cannot be written
     */
    public GeneratedConfig generate(NegotiateSettings settings, TestUsers users, Path outputDirectory)
            throws IOException {
        String url = accessTokens.clientUrl(settings.hub());
        Path functionFile = outputDirectory.resolve(FUNCTION_JSON);
        Optional<ObjectNode> function = functionJson(settings);
        if (function.isPresent()) {
            JsonFiles.write(functionFile, function.get());
        } else {
            Files.deleteIfExists(functionFile);
        }
        Path negotiateFile = outputDirectory.resolve(NEGOTIATE_JSON);
        JsonFiles.write(negotiateFile, negotiateJson(settings, url));
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<IssuedToken> tokens = issue(settings, users, issuedAt);
        Path tokensFile = outputDirectory.resolve(TOKENS_JSON);
        JsonFiles.write(tokensFile, tokensJson(settings, issuedAt, tokens));
        return new GeneratedConfig(url, function.map(json -> functionFile), negotiateFile, tokensFile, tokens);
    }

    /** The Azure Functions descriptor, or empty when the user-id source has no binding expression. */
    Optional<ObjectNode> functionJson(NegotiateSettings settings) {
        Optional<String> userId = settings.userIdSource().bindingExpression();
        if (userId.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode function = JsonFiles.MAPPER.createObjectNode();
        ArrayNode bindings = function.putArray("bindings");
        ObjectNode trigger = bindings.addObject()
                .put("authLevel", "anonymous")
                .put("type", "httpTrigger")
                .put("direction", "in")
                .put("name", "req");
        trigger.putArray("methods").add("post");
        trigger.put("route", settings.route());
        bindings.addObject().put("type", "http").put("direction", "out").put("name", "res");
        bindings.addObject()
                .put("type", "signalRConnectionInfo")
                .put("name", "connectionInfo")
                .put("hubName", settings.hub())
                .put("userId", userId.get())
                .put("connectionStringSetting", settings.connectionStringSetting())
                .put("direction", "in");
        return Optional.of(function);
    }

    /** The neutral description of the negotiate endpoint. */
    ObjectNode negotiateJson(NegotiateSettings settings, String url) {
        ObjectNode negotiate =
                JsonFiles.MAPPER.createObjectNode().put("hub", settings.hub()).put("url", url);
        negotiate
                .putObject("userId")
                .put("source", settings.userIdSource().kind().label())
                .put("name", settings.userIdSource().name());
        USER_ID_CLAIMS.forEach(negotiate.putArray("userIdClaims")::add);
        settings.allowedOrigins().forEach(negotiate.putArray("allowedOrigins")::add);
        negotiate
                .putObject("rateLimit")
                .put("perSecond", settings.rateLimit().perSecond())
                .put("burst", settings.rateLimit().burst());
        negotiate
                .put("tokenLifetime", settings.lifetime().value().toString())
                .put("tokenLifetimeSeconds", settings.lifetime().seconds())
                .put("route", settings.route())
                .put("connectionStringSetting", settings.connectionStringSetting());
        return negotiate;
    }

    /** One test token per user, all issued at {@code issuedAt}. */
    List<IssuedToken> issue(NegotiateSettings settings, TestUsers users, Instant issuedAt) {
        Instant expiresAt = issuedAt.plus(settings.lifetime().value());
        return users.ids().stream()
                .map(userId -> {
                    NegotiateResponse response = accessTokens.forClient(
                            settings.hub(),
                            userId,
                            issuedAt,
                            settings.lifetime().value());
                    return new IssuedToken(
                            userId,
                            response.url(),
                            response.accessToken(),
                            expiresAt,
                            visitorCookies.map(cookies -> cookies.sign(userId, expiresAt)));
                })
                .toList();
    }

    private static ObjectNode tokensJson(NegotiateSettings settings, Instant issuedAt, List<IssuedToken> tokens) {
        ObjectNode json =
                JsonFiles.MAPPER.createObjectNode().put("hub", settings.hub()).put("issuedAt", issuedAt.toString());
        ArrayNode array = json.putArray("tokens");
        tokens.forEach(token -> {
            ObjectNode entry = array.addObject()
                    .put("userId", token.userId())
                    .put("url", token.url())
                    .put("accessToken", token.accessToken())
                    .put("expiresAt", token.expiresAt().toString());
            token.visitorCookie().ifPresent(cookie -> entry.put("visitorCookie", cookie));
        });
        return json;
    }
}
