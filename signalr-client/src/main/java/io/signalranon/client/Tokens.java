package io.signalranon.client;

/** Helpers to refer to a token without revealing it. */
public final class Tokens {

    private Tokens() {}

    /** A token reduced to its last six characters, safe for logs ({@code …abc123}). */
    public static String mask(String token) {
        if (token == null) {
            return "null";
        }
        return token.length() <= 12 ? "***" : "…" + token.substring(token.length() - 6);
    }
}
