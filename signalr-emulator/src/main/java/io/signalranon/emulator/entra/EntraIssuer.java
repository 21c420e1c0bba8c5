package io.signalranon.emulator.entra;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for the Microsoft identity platform: an RSA key pair made at start, and RS256 access
 * tokens shaped like Entra ID's ({@code iss} of a tenant, {@code aud} the resource, {@code oid},
 * {@code appid}, {@code iat}, {@code nbf}, {@code exp}), the header naming the key ({@code kid}).
 */
public final class EntraIssuer {

    /** The tenant of the issued tokens. */
    public static final String TENANT = "72f988bf-0000-4000-8000-00000000e11a";
    /** The object and client id of the identity when the request names none (the system-assigned one). */
    public static final String SYSTEM_IDENTITY = "5f3c0a4e-0000-4000-8000-000000000001";

    private final String keyId = "emulator-" + UUID.randomUUID().toString().substring(0, 8);
    private final RSAPublicKey publicKey;
    private final Algorithm algorithm;

    public EntraIssuer() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            this.publicKey = (RSAPublicKey) pair.getPublic();
            this.algorithm = Algorithm.RSA256(publicKey, (RSAPrivateKey) pair.getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /** The key id in the header of the issued tokens. */
    public String keyId() {
        return keyId;
    }

    /** The public key that verifies the issued tokens. */
    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /**
     * A token for {@code audience}, of the identity {@code clientId} (the system-assigned one when
     * {@code null}), valid from {@code now} for {@code lifetime}.
     */
    public String issue(String audience, @Nullable String clientId, Instant now, Duration lifetime) {
        Objects.requireNonNull(audience, "audience");
        String identity = clientId == null ? SYSTEM_IDENTITY : clientId;
        Instant iat = now.truncatedTo(ChronoUnit.SECONDS);
        return JWT.create()
                .withKeyId(keyId)
                .withIssuer("https://sts.windows.net/" + TENANT + "/")
                .withAudience(audience)
                .withSubject(identity)
                .withClaim("oid", identity)
                .withClaim("appid", identity)
                .withClaim("tid", TENANT)
                .withClaim("idtyp", "app")
                .withIssuedAt(iat)
                .withNotBefore(iat)
                .withExpiresAt(iat.plus(lifetime))
                .sign(algorithm);
    }
}
