package io.signalranon.dispatcher.privacy;

import java.util.Set;
import java.util.TreeSet;

/**
 * The ids that name one visitor: its SignalR user ids and its CDP ids. Every row that holds one of them
 * names the visitor.
 *
 * @param userIds the user ids (never empty together with {@code cdpIds})
 * @param cdpIds  the CDP ids
 */
public record Visitor(Set<String> userIds, Set<String> cdpIds) {

    public Visitor {
        userIds = Set.copyOf(userIds);
        cdpIds = Set.copyOf(cdpIds);
        if (userIds.isEmpty() && cdpIds.isEmpty()) {
            throw new IllegalArgumentException("a visitor needs an id");
        }
    }

    /** Every id, user and CDP, in order. */
    public Set<String> ids() {
        Set<String> ids = new TreeSet<>(userIds);
        ids.addAll(cdpIds);
        return ids;
    }

    /** {@code ?, ?, ?} for a list of {@code n} parameters. */
    public static String placeholders(int n) {
        return n == 0 ? "NULL" : "?, ".repeat(n - 1) + "?";
    }
}
