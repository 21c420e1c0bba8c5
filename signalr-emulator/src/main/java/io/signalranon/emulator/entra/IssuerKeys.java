package io.signalranon.emulator.entra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RSA public keys of the trusted token issuers: by key id ({@code kid}) from a JWKS, or keys
 * without id (a PEM public key or certificate) that are tried for any token.
 */
public final class IssuerKeys {

    private final Map<String, RSAPublicKey> byKeyId;
    private final List<RSAPublicKey> anyKeyId;

    private IssuerKeys(Map<String, RSAPublicKey> byKeyId, List<RSAPublicKey> anyKeyId) {
        this.byKeyId = Map.copyOf(byKeyId);
        this.anyKeyId = List.copyOf(anyKeyId);
    }

    /** The keys of one issuer key with its id. */
    public static IssuerKeys of(String keyId, RSAPublicKey key) {
        return new IssuerKeys(Map.of(keyId, key), List.of());
    }

    /** These keys and {@code other}'s. */
    public IssuerKeys and(IssuerKeys other) {
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>(byKeyId);
        keys.putAll(other.byKeyId);
        List<RSAPublicKey> any = new ArrayList<>(anyKeyId);
        any.addAll(other.anyKeyId);
        return new IssuerKeys(keys, any);
    }

    /** The keys that may have signed a token with this {@code kid} ({@code null} when it has none). */
    public List<RSAPublicKey> candidates(String keyId) {
        RSAPublicKey named = keyId == null ? null : byKeyId.get(keyId);
        if (named != null) {
            return List.of(named);
        }
        return keyId == null ? allKeys() : anyKeyId;
    }

    private List<RSAPublicKey> allKeys() {
        List<RSAPublicKey> all = new ArrayList<>(byKeyId.values());
        all.addAll(anyKeyId);
        return all;
    }

    /**
     * Reads a JWKS ({@code {"keys": [{"kty": "RSA", "kid": …, "n": …, "e": …}]}}), a PEM public key
     * ({@code BEGIN PUBLIC KEY}) or a PEM certificate.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static IssuerKeys read(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the issuer keys " + file + ": " + e.getMessage(), e);
        }
        try {
            return text.startsWith("{") ? jwks(text) : pem(text);
        } catch (GeneralSecurityException | JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the issuer keys " + file
                    + " are not a JWKS of RSA keys, a PEM public key or a PEM certificate: " + e.getMessage());
        }
    }

    private static IssuerKeys jwks(String text) throws GeneralSecurityException {
        JsonNode keys = JsonMapper.builder().build().readTree(text).path("keys");
        if (!keys.isArray() || keys.isEmpty()) {
            throw new IllegalArgumentException("no \"keys\" array");
        }
        Map<String, RSAPublicKey> byKeyId = new LinkedHashMap<>();
        List<RSAPublicKey> anyKeyId = new ArrayList<>();
        Base64.Decoder base64url = Base64.getUrlDecoder();
        for (JsonNode key : keys) {
            if (!"RSA".equals(key.path("kty").asString(""))) {
                continue;
            }
            RSAPublicKey rsa = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(
                            new BigInteger(1, base64url.decode(key.path("n").asString(""))),
                            new BigInteger(1, base64url.decode(key.path("e").asString("")))));
            String keyId = key.path("kid").asString(null);
            if (keyId == null) {
                anyKeyId.add(rsa);
            } else {
                byKeyId.put(keyId, rsa);
            }
        }
        if (byKeyId.isEmpty() && anyKeyId.isEmpty()) {
            throw new IllegalArgumentException("no RSA key");
        }
        return new IssuerKeys(byKeyId, anyKeyId);
    }

    private static IssuerKeys pem(String text) throws GeneralSecurityException {
        PublicKey key;
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            key = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
                    .getPublicKey();
        } else if (text.contains("-----BEGIN PUBLIC KEY-----")) {
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            key = KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } else {
            throw new IllegalArgumentException("no BEGIN PUBLIC KEY or BEGIN CERTIFICATE block");
        }
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException("the key is not an RSA key");
        }
        return new IssuerKeys(Map.of(), List.of(rsa));
    }
}
