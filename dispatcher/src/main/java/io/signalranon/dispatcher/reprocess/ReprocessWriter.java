package io.signalranon.dispatcher.reprocess;

import io.signalranon.dispatcher.delivery.AttemptTally;
import io.signalranon.dispatcher.delivery.ConcurrentSender;
import io.signalranon.dispatcher.delivery.SendingWriter;
import io.signalranon.dispatcher.delivery.SystemicDeliveryException;
import io.signalranon.dispatcher.failure.FailedSend;
import io.signalranon.dispatcher.failure.FailedSendRepository;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.offer.DispatchItem;
import io.signalranon.dispatcher.offer.OfferSentRepository;
import io.signalranon.dispatcher.target.SendPermission;
import io.signalranon.dispatcher.target.WithholdReason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Sends recorded failures again, unchanged, through the same {@link ConcurrentSender} as the dispatch
 * step, and records each outcome in the chunk's transaction: delivered rows are resolved
 * {@code delivered} and their offers added to OFFER_SENT; rows that fail again get their attempts,
 * status, error code, reason and time updated; rows whose offers have all ended are resolved
 * {@code expired} without a send. Before any send, each row's user is checked as a run checks its targets
 * ({@link SendPermission}: suppression, consent and the users file as they are now, forgotten ids): a user who
 * may not be sent to any more is not, and the row is resolved {@code withheld} with the reason. Like the
 * dispatch writer, it throws only a {@link SystemicDeliveryException}.
 */
public class ReprocessWriter extends SendingWriter<FailedSend, ReprocessCounters> {

    /** Resolution of a failed send delivered by reprocess. */
    public static final String DELIVERED = "delivered";
    /** Resolution of a failed send dropped because its offers had ended. */
    public static final String EXPIRED = "expired";
    /** Resolution of a failed send whose user may not be sent to any more. */
    public static final String WITHHELD = "withheld";

    private static final Logger log = LoggerFactory.getLogger(ReprocessWriter.class);

    private final OfferSentRepository offersSent;
    private final FailedSendRepository failedSends;
    private final SendPermission permission;
    private final long jobExecutionId;
    private final Clock clock;

    public ReprocessWriter(
            ConcurrentSender sender,
            OfferSentRepository offersSent,
            FailedSendRepository failedSends,
            SendPermission permission,
            long jobExecutionId,
            Clock clock) {
        this(sender, offersSent, failedSends, permission, jobExecutionId, clock, new AttemptTally());
    }

    /** @param attempts the step's attempts by outcome, which this writer keeps in the execution context */
    public ReprocessWriter(
            ConcurrentSender sender,
            OfferSentRepository offersSent,
            FailedSendRepository failedSends,
            SendPermission permission,
            long jobExecutionId,
            Clock clock,
            AttemptTally attempts) {
        super(sender, attempts, ReprocessCounters::from);
        this.offersSent = Objects.requireNonNull(offersSent, "offersSent");
        this.failedSends = Objects.requireNonNull(failedSends, "failedSends");
        this.permission = Objects.requireNonNull(permission, "permission");
        this.jobExecutionId = jobExecutionId;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void write(Chunk<? extends FailedSend> chunk) {
        Instant now = clock.instant();
        Map<String, WithholdReason> mayNot = permission.withheld(chunk.getItems().stream()
                .map(failure -> failure.message().userId())
                .distinct()
                .toList());
        Map<Long, String> withheld = new HashMap<>();
        List<Long> expired = new ArrayList<>();
        Map<OutgoingMessage, Long> ids = new IdentityHashMap<>();
        List<OutgoingMessage> messages = new ArrayList<>();
        for (FailedSend failure : chunk) {
            WithholdReason reason = mayNot.get(failure.message().userId());
            if (reason != null) {
                withheld.put(failure.id(), reason.name());
            } else if (failure.expiredAt(now)) {
                expired.add(failure.id());
            } else {
                ids.put(failure.message(), failure.id());
                messages.add(failure.message());
            }
        }
        ConcurrentSender.Outcomes outcomes = sender.sendAllToTheEnd(
                sender.unstarted(messages.stream()
                        .<ConcurrentSender.Work>map(
                                message -> new ConcurrentSender.Decide(() -> new DispatchItem.Send(message)))
                        .toList()),
                List.of(),
                delivered -> {});
        if (!outcomes.deferred().isEmpty()) { // stopping: they stay recorded as they were, for the next reprocess
            log.info(
                    "Stopping: {} recorded failures not sent again",
                    outcomes.deferred().size());
        }
        Instant sentAt = clock.instant();
        offersSent.recordAll(outcomes.delivered(), jobExecutionId, sentAt);
        failedSends.resolve(
                outcomes.delivered().stream().map(r -> ids.get(r.message())).toList(), DELIVERED, sentAt);
        failedSends.resolve(expired, EXPIRED, now);
        failedSends.resolveWithheld(withheld, now);
        failedSends.recordRetries(
                outcomes.failed().stream()
                        .map(r -> new FailedSendRepository.Retry(
                                Objects.requireNonNull(ids.get(r.message()), "every message retried has its id"), r))
                        .toList(),
                sentAt);
        counters =
                counters.plus(outcomes.delivered().size(), outcomes.failed().size(), expired.size(), withheld.size());
        outcomes.failures().ifPresent(failures -> log.warn("In this chunk {} again; they stay recorded", failures));
    }
}
