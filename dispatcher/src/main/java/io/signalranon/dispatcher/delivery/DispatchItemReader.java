package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.target.DispatchTarget;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the dispatch step's chunks: the run's targets (or a partition's) and the messages its chunks
 * left pending, until none is left.
 *
 * <p>A message that must wait (a {@code Retry-After}, a back-off) is recorded in PENDING_SEND with the
 * chunk that deferred it. The pending messages are items like the targets, so each takes a place in a
 * chunk: no transaction ever sends more than {@code chunk-size} messages, and a kill -9 re-sends at
 * most the chunk that was in flight. While targets are left, a chunk is the pending messages that were
 * due when the chunk before started (at most {@code chunk-size - 1}), then a page of targets that fills
 * the rest: each page is sized one chunk ahead, when it is read ahead, so that it stays exactly the next
 * chunk's targets. Once every target is read, the chunks take the rest, those due first, or when none
 * is, the first due and those due soon after it. Such a chunk sends each once it is due and leaves what
 * must wait again for the next; the chunk that reads the last of them is the step's last, and sends its
 * messages until each is delivered or failed (see {@link DeliveryWriter}).
 *
 * <p>The reader counts the items of each chunk (the step reads {@code chunk-size} items a chunk), and
 * reads pending messages after the chunk before committed, leaving out those its own chunk took (their
 * rows go when it commits). Its restart state is the target reader's; pending messages are rows, read
 * anew.
 */
public class DispatchItemReader implements ItemStreamReader<ChunkItem> {

    /** Pending messages due within this of the first are sent with it, when none is due yet. */
    static final Duration SAME_TURN = Duration.ofMillis(50);

    private final DispatchTargetReader targets;
    private final PendingSendRepository pendingSends;
    private final PendingSendRepository.Step step;
    private final int chunkSize;
    private final Clock clock;
    private int readInChunk;
    private int resendsPlanned; // pending messages the next chunk takes before its page of targets
    private boolean targetsRead;
    private boolean ended;
    private @Nullable Iterator<PendingSendRepository.Pending> resends;
    private final Set<Long> handedOut = new HashSet<>();

    /**
     * @param targets the run's targets (or a partition's)
     * @param step the step whose pending messages are read
     * @param chunkSize the step's chunk size: items a chunk reads
     */
    public DispatchItemReader(
            DispatchTargetReader targets,
            PendingSendRepository pendingSends,
            PendingSendRepository.Step step,
            int chunkSize,
            Clock clock) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
        }
        this.targets = Objects.requireNonNull(targets, "targets");
        this.pendingSends = Objects.requireNonNull(pendingSends, "pendingSends");
        this.step = Objects.requireNonNull(step, "step");
        this.chunkSize = chunkSize;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open(ExecutionContext context) {
        planResends(pendingSends.countDueBy(step, clock.instant()));
        targets.open(context);
        readInChunk = 0;
        targetsRead = false;
        ended = false;
        resends = null;
        handedOut.clear();
    }

    @Override
    public @Nullable ChunkItem read() {
        if (ended) {
            return null;
        }
        if (readInChunk == chunkSize) { // a new chunk: the one before committed
            readInChunk = 0;
            resends = null;
            handedOut.clear();
        }
        if (readInChunk == 0 && !targetsRead) {
            startChunk();
        }
        ChunkItem item = next();
        if (item == null) {
            ended = true;
            return null;
        }
        readInChunk++;
        return item;
    }

    /**
     * Takes the pending messages planned for this chunk, and plans the next one's: those due now that this
     * one does not take, sizing the page of targets read ahead for it to the room they leave.
     */
    private void startChunk() {
        List<PendingSendRepository.Pending> taken = resendsPlanned > 0 ? pending(resendsPlanned) : List.of();
        resends = taken.iterator();
        planResends(pendingSends.countDueBy(step, clock.instant()) - taken.size());
    }

    private void planResends(long due) {
        resendsPlanned = (int) Math.max(0, Math.min(chunkSize - 1L, due));
        targets.sizeNextPage(chunkSize - resendsPlanned);
    }

    private @Nullable ChunkItem next() {
        if (resends != null && resends.hasNext()) {
            return handOut(resends.next());
        }
        if (!targetsRead) {
            DispatchTarget target = targets.read();
            if (target != null) {
                return new ChunkItem.Target(target);
            }
            targetsRead = true;
        }
        if (resends == null || !resends.hasNext()) {
            resends = pending(chunkSize - readInChunk).iterator();
        }
        if (!resends.hasNext()) {
            return null; // nothing is pending but what this chunk took
        }
        return handOut(resends.next());
    }

    private ChunkItem handOut(PendingSendRepository.Pending pending) {
        handedOut.add(pending.id());
        return new ChunkItem.Resend(pending);
    }

    /**
     * The pending messages a chunk takes next (none it took already: their rows go when it commits):
     * those due now; when none is, the first due and those due soon after it, so that the chunk waits for
     * them, not for messages due much later.
     */
    private List<PendingSendRepository.Pending> pending(int limit) {
        int asked = limit + handedOut.size();
        List<PendingSendRepository.Pending> due = notHandedOut(pendingSends.dueBy(step, clock.instant(), asked));
        if (!due.isEmpty()) {
            return due.subList(0, Math.min(limit, due.size()));
        }
        List<PendingSendRepository.Pending> first = notHandedOut(pendingSends.first(step, asked));
        if (first.isEmpty()) {
            return first;
        }
        Instant soon = first.get(0).retry().dueAt().plus(SAME_TURN);
        return first.stream()
                .filter(p -> !p.retry().dueAt().isAfter(soon))
                .limit(limit)
                .toList();
    }

    private List<PendingSendRepository.Pending> notHandedOut(List<PendingSendRepository.Pending> rows) {
        return handedOut.isEmpty()
                ? rows
                : rows.stream().filter(p -> !handedOut.contains(p.id())).toList();
    }

    /**
     * Whether the reader has read its last item (on the step's thread, once a chunk is read): the chunk
     * read is the step's last, and what it defers it must send itself.
     */
    public boolean ended() {
        return ended;
    }

    /** The targets of the next chunk, if they are already read; see {@link DispatchTargetReader#nextPageIfRead()}. */
    public @Nullable List<DispatchTarget> nextPageIfRead() {
        return targetsRead ? null : targets.nextPageIfRead();
    }

    @Override
    public void update(ExecutionContext context) {
        targets.update(context);
    }

    @Override
    public void close() {
        targets.close();
    }
}
