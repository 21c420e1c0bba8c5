package io.signalranon.dispatcher.membership;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored state of one (id, audience).
 *
 * @param member    in the audience or not
 * @param changedAt when that state began
 * @param journaled true when the current job instance already recorded the state before its first change
 */
record MembershipState(boolean member, Instant changedAt, boolean journaled) {

    MembershipState {
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
