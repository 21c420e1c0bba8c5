package io.signalranon.dispatcher.membership;

import java.util.Objects;

/**
 * The key of the membership store.
 *
 * @param cdpId    the CDP id
 * @param audience the audience id
 */
public record MembershipKey(String cdpId, String audience) {

    public MembershipKey {
        Objects.requireNonNull(cdpId, "cdpId");
        Objects.requireNonNull(audience, "audience");
    }
}
