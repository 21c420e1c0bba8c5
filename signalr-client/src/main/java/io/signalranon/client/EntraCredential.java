package io.signalranon.client;

import java.util.ServiceLoader;

/**
 * Gets Entra ID access tokens for the service (scope {@value EntraIdentity#SCOPE}) for one
 * {@link EntraIdentity}. The implementation comes from the library {@code signalr-client-entra}
 * (azure-identity), found by {@link ServiceLoader}; callers use {@link EntraTokens}, which caches.
 */
public interface EntraCredential {

    /**
     * Asks the identity platform for a token (each call may be a network round trip).
     *
     * @throws EntraTokenException when no token can be had; its message names the credential and the
     *     cause, never a secret
     */
    EntraToken fetch();

    /** What this credential is and where it asks, for messages (e.g. the managed identity endpoint); no secret. */
    String describe();

    /** Creates the credential of an identity; registered as a {@link ServiceLoader} service. */
    interface Provider {

        /**
         * The credential of {@code identity} (one per identity and process is enough: it is thread-safe).
         *
         * @throws EntraTokenException when the identity's settings cannot make a credential (an unreadable
         *     certificate, say)
         */
        EntraCredential credential(EntraIdentity identity);
    }

    /**
     * The credential of {@code identity}, from the provider on the class path.
     *
     * @throws IllegalStateException when {@code signalr-client-entra} is not on the class path
     */
    static EntraCredential of(EntraIdentity identity) {
        Provider provider = ServiceLoader.load(Provider.class, EntraCredential.class.getClassLoader())
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "AuthType=" + identity.authType().label()
                                        + " needs the library io.signalranon:signalr-client-entra (azure-identity) on the class path"));
        return provider.credential(identity);
    }
}
