package io.signalranon.maven.negotiate;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link NegotiateConfigGenerator#generate} wrote.
 *
 * @param url the client URL of the hub
 * @param functionJson {@code negotiate/function.json}, empty when the user-id source has no Azure
 *        Functions binding expression (cookie)
 * @param negotiateJson {@code negotiate.json}
 * @param tokensJson {@code tokens.json}
 * @param tokens the issued test tokens, in the order of the test users
 */
public record GeneratedConfig(
        String url, Optional<Path> functionJson, Path negotiateJson, Path tokensJson, List<IssuedToken> tokens) {

    public GeneratedConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(functionJson, "functionJson");
        Objects.requireNonNull(negotiateJson, "negotiateJson");
        Objects.requireNonNull(tokensJson, "tokensJson");
        tokens = List.copyOf(tokens);
    }
}
