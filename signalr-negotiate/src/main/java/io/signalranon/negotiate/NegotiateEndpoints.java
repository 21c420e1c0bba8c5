package io.signalranon.negotiate;

import io.signalranon.negotiate.token.ClientTokenIssuers;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Builds the endpoint of a production back end from its settings and the environment. */
public final class NegotiateEndpoints {

    private NegotiateEndpoints() {}

    /**
     * The endpoint with these settings, the visitor keys of {@value VisitorKeys#ENVIRONMENT_VARIABLE}
     * (or the file {@value VisitorKeys#FILE_ENVIRONMENT_VARIABLE} names) and the token issuer of the
     * environment's connection string ({@link ClientTokenIssuers#fromEnvironment}).
     *
     * @param environment looks up an environment variable, e.g. {@code System::getenv}
     * @throws IllegalStateException when the signed-cookie source has no visitor keys
     * @throws IllegalArgumentException when the keys or the connection string are missing or malformed
     */
    public static NegotiateEndpoint fromEnvironment(
            NegotiateSettings settings, Function<String, @Nullable String> environment) {
        Optional<VisitorKeys> keys = VisitorKeys.fromEnvironment(environment);
        return NegotiateEndpoint.builder(settings, ClientTokenIssuers.fromEnvironment(environment))
                .visitorKeys(keys.orElse(null))
                .build();
    }
}
