package io.signalranon.emulator.entra;

import io.signalranon.emulator.rest.JsonText;
import io.signalranon.emulator.web.JsonReply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * A local managed identity endpoint in the App Service protocol (what {@code IDENTITY_ENDPOINT}
 * and {@code IDENTITY_HEADER} point azure-identity's {@code ManagedIdentityCredential} at):
 * {@code GET /identity/token?resource=…&api-version=2019-08-01[&client_id=…]} with the header
 * {@code X-IDENTITY-HEADER} answers {@code {"access_token", "expires_on", "resource", "token_type",
 * "client_id"}} with an RS256 token of {@link EntraIssuer} for that resource (or, as a fault, for a
 * fixed other audience). A missing or wrong header is 401, a missing resource or api-version 400.
 */
public final class ManagedIdentityHandler extends Handler.Abstract {

    /** The path this handler serves. */
    public static final String PATH = "/identity/token";
    /** The header that carries {@code IDENTITY_HEADER}. */
    public static final String IDENTITY_HEADER = "X-IDENTITY-HEADER";

    private final EntraIssuer issuer;
    private final byte[] secret;
    private final Duration lifetime;
    private final @Nullable String audience;
    private final Clock clock;
    private final LongAdder issued = new LongAdder();

    /**
     * @param secret the value of {@code IDENTITY_HEADER} that callers must send
     * @param lifetime how long the issued tokens live
     * @param audience the audience of every token instead of the requested resource (a fault), or {@code null}
     */
    public ManagedIdentityHandler(
            EntraIssuer issuer, String secret, Duration lifetime, @Nullable String audience, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.secret = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.audience = audience;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getHttpURI().getPath().equals(PATH)) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            JsonReply.error(response, callback, 405, "MethodNotAllowed", "the identity endpoint takes GET");
            return true;
        }
        String header = request.getHeaders().get(IDENTITY_HEADER);
        if (header == null || !MessageDigest.isEqual(secret, header.getBytes(StandardCharsets.UTF_8))) {
            JsonReply.error(
                    response, callback, 401, "Unauthorized", "the X-IDENTITY-HEADER header is missing or wrong");
            return true;
        }
        Fields query = Request.extractQueryParameters(request);
        String resource = query.getValue("resource");
        if (resource == null || resource.isBlank() || query.getValue("api-version") == null) {
            JsonReply.error(
                    response, callback, 400, "BadRequest", "query parameters resource and api-version are required");
            return true;
        }
        issued.increment();
        String clientId = query.getValue("client_id");
        Instant now = clock.instant();
        Instant expiresOn = now.plus(lifetime);
        String token = issuer.issue(audience != null ? audience : stripDefaultScope(resource), clientId, now, lifetime);
        JsonReply.send(
                response,
                callback,
                200,
                "{\"access_token\":\"" + token + "\",\"expires_on\":\"" + expiresOn.getEpochSecond()
                        + "\",\"resource\":\"" + JsonText.escape(resource) + "\",\"token_type\":\"Bearer\""
                        + ",\"client_id\":\""
                        + JsonText.escape(clientId == null ? EntraIssuer.SYSTEM_IDENTITY : clientId)
                        + "\"}");
        return true;
    }

    /** How many tokens this endpoint has issued. */
    public long issuedCount() {
        return issued.sum();
    }

    private static String stripDefaultScope(String resource) {
        return resource.endsWith("/.default")
                ? resource.substring(0, resource.length() - "/.default".length())
                : resource;
    }
}
