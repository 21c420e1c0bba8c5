package io.signalranon.dispatcher.target;

import java.util.Objects;

/**
 * One targeted user of a run, as selected into DISPATCH_TARGET.
 *
 * @param userId the SignalR user id
 * @param cdpId the id the CDP exports use for this user (the first of them when it has several)
 * @param withheld why the user gets nothing whatever the decision, or {@code null}
 */
public record DispatchTarget(String userId, String cdpId, WithholdReason withheld) {

    public DispatchTarget {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(cdpId, "cdpId");
    }
}
