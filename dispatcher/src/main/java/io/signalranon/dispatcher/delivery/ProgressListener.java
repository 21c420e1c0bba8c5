package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.delivery.pace.SendGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Logs one progress line every {@code every} chunks of the dispatch step: users, sent, failed, rate;
 * and how the sends go: the rate since the last line, the concurrency limit, the rate limit and the
 * attempts throttled so far.
 */
public class ProgressListener implements ChunkListener<ChunkItem, ChunkItem> {

    private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);

    private final int every;
    private final Clock clock;
    private final DispatchWriter writer;
    private final Instant started;
    private int chunks;
    private long processed;
    private Instant lastLine;
    private long deliveredAtLastLine = -1;

    public ProgressListener(int every, Clock clock, DispatchWriter writer) {
        this.every = every;
        this.clock = clock;
        this.writer = writer;
        this.started = clock.instant();
        this.lastLine = started;
    }

    @Override
    public void afterChunk(Chunk<ChunkItem> chunk) {
        processed += ChunkItem.targets(chunk.getItems()).size();
        if (++chunks % every != 0) {
            return;
        }
        DeliveryCounters counters = writer.counters();
        double seconds = Math.max(Duration.between(started, clock.instant()).toMillis(), 1) / 1000.0;
        log.info(
                "dispatch: {} users, {} delivered, {} failed, {} withheld ({} users/s)",
                counters.users(),
                counters.delivered(),
                counters.failed(),
                counters.holdout() + counters.suppressed() + counters.noConsent(),
                Math.round(processed / seconds));
        writer.sending().ifPresent(sending -> logSending(sending, counters));
    }

    private void logSending(SendGate.Snapshot sending, DeliveryCounters counters) {
        Instant now = clock.instant();
        if (deliveredAtLastLine >= 0) {
            double seconds = Math.max(Duration.between(lastLine, now).toMillis(), 1) / 1000.0;
            log.info(
                    "sending: {} messages/s, concurrency {} ({} in flight), rate limit {}, throttled {} of {} attempts",
                    Math.round((counters.delivered() - deliveredAtLastLine) / seconds),
                    sending.concurrencyLimit(),
                    sending.inflight(),
                    Double.isFinite(sending.rateLimit()) ? Math.round(sending.rateLimit()) + "/s" : "none",
                    sending.throttled(),
                    sending.attempts());
        }
        lastLine = now;
        deliveredAtLastLine = counters.delivered();
    }
}
