package io.signalranon.dispatcher.membership;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored state of one (id, audience).
 *
 * @param member    in the audience or not
 * @param changedAt when that state began
 */
record MembershipState(boolean member, Instant changedAt) {

    MembershipState {
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
