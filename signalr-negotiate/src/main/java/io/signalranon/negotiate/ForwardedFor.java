package io.signalranon.negotiate;

import java.util.List;
import java.util.Optional;

/**
 * The client address that the nearest proxy saw: the last entry of {@code X-Forwarded-For}. A
 * client may write its own header, but the proxy in front of the endpoint appends the address it
 * saw, so only the last entry is trusted (one proxy in front, as Azure's front ends and a
 * Kubernetes ingress are).
 */
public final class ForwardedFor {

    /** The header name. */
    public static final String HEADER = "X-Forwarded-For";

    private ForwardedFor() {}

    /**
     * The last address of the header's values, without a port ({@code 203.0.113.7:51324},
     * {@code [2001:db8::1]:443} and {@code 2001:db8::1} give the bare address); empty when absent or blank.
     */
    public static Optional<String> nearestClient(List<String> headerValues) {
        if (headerValues.isEmpty()) {
            return Optional.empty();
        }
        String last = headerValues.get(headerValues.size() - 1);
        String entry = last.substring(last.lastIndexOf(',') + 1).strip();
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close > 1 ? Optional.of(entry.substring(1, close)) : Optional.empty();
        }
        int colon = entry.indexOf(':');
        if (colon > 0 && colon == entry.lastIndexOf(':')) {
            return Optional.of(entry.substring(0, colon));
        }
        return Optional.of(entry);
    }
}
