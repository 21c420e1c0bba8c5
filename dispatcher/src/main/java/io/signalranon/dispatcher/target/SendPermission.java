package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.privacy.ForgottenIds;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether users may be sent to now, by the rules of a run's targets (suppression, consent, the users file, on
 * the tables loaded last) and the forgotten ids: what {@code reprocess} asks before it sends a recorded
 * failure again.
 */
public class SendPermission {

    private final DispatchTargetRepository targets;
    private final ForgottenIds.ForgottenSet forgotten;

    public SendPermission(DispatchTargetRepository targets, ForgottenIds.ForgottenSet forgotten) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.forgotten = Objects.requireNonNull(forgotten, "forgotten");
    }

    /** Why each of these users may not be sent to now, by user id; users who may are absent. */
    public Map<String, WithholdReason> withheld(List<String> userIds) {
        Map<String, WithholdReason> withheld = targets.withheldNow(userIds);
        for (String userId : userIds) {
            if (forgotten.contains(userId)) {
                withheld.put(userId, WithholdReason.FORGOTTEN);
            }
        }
        return withheld;
    }
}
