package io.signalranon.dispatcher.delivery;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.message.DeliveryResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Tells a systemic failure from per-message failures, after a chunk's sends are done:
 * <ul>
 *   <li>a chunk where nothing was delivered, with a 401 or 403 while nothing of the step has been
 *       delivered yet: the key or the hub is wrong;</li>
 *   <li>a chunk where nothing was delivered and every send failed with 401/403, or with no answer
 *       (no response at all, a timeout, or 408/504): the credentials stopped working, or the service is
 *       unreachable or hangs.</li>
 * </ul>
 * Not thread-safe: used by the chunk's thread only.
 */
final class SystemicFailureDetector {

    private final IntFunction<String> rejectionHint;
    private long deliveredSoFar;

    /** @param rejectionHint what to check when the service answers 401 or 403 (given the status) */
    SystemicFailureDetector(IntFunction<String> rejectionHint) {
        this.rejectionHint = Objects.requireNonNull(rejectionHint, "rejectionHint");
    }

    void seedDelivered(long delivered) {
        deliveredSoFar = delivered;
    }

    void check(List<DeliveryResult> delivered, List<DeliveryResult> failed) {
        if (delivered.isEmpty() && !failed.isEmpty()) {
            Optional<DeliveryResult> auth =
                    failed.stream().filter(r -> isAuth(r.outcome())).findFirst();
            boolean allAuth = failed.stream().allMatch(r -> isAuth(r.outcome()));
            if (auth.isPresent() && (deliveredSoFar == 0 || allAuth)) {
                throw rejected(auth.get().outcome());
            }
            if (failed.stream().allMatch(r -> isNoAnswer(r.outcome()))) {
                throw new SystemicDeliveryException(
                        "SignalR service unreachable or not answering: all " + failed.size()
                                + " sends of a chunk failed ("
                                + failed.get(0).outcome().reason() + ")",
                        0);
            }
        }
        deliveredSoFar += delivered.size();
    }

    /** No response at all (refused, reset, timed out), or the service's or a gateway's timeout status. */
    private static boolean isNoAnswer(SendOutcome outcome) {
        return outcome.status() == 0 || outcome.status() == 408 || outcome.status() == 504;
    }

    private static boolean isAuth(SendOutcome outcome) {
        return outcome.status() == 401 || outcome.status() == 403;
    }

    private SystemicDeliveryException rejected(SendOutcome outcome) {
        return new SystemicDeliveryException(
                "SignalR rejected the sends with " + outcome.status()
                        + (outcome.errorCode() == null ? "" : " " + outcome.errorCode())
                        + ": " + rejectionHint.apply(outcome.status()),
                outcome.status());
    }
}
