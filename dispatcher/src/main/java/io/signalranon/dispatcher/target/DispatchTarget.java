package io.signalranon.dispatcher.target;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One targeted user of a run, as selected into DISPATCH_TARGET.
 *
 * @param userId the SignalR user id
 * @param withheld why the user gets nothing whatever the decision, or {@code null}
 */
public record DispatchTarget(String userId, @Nullable WithholdReason withheld) {

    public DispatchTarget {
        Objects.requireNonNull(userId, "userId");
    }
}
