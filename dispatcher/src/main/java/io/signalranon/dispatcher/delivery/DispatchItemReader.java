package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.target.DispatchTarget;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the dispatch step's chunks: first the run's targets (or a partition's), then the messages its
 * chunks left pending, the earliest due first, until none is left.
 *
 * <p>A chunk whose targets are sent with nothing pending commits at once, and a message that must
 * wait (a {@code Retry-After}, a back-off) is recorded in PENDING_SEND with it. Once every target is
 * read, the reader gives those pending messages as items of their own, so each takes a place in a
 * chunk like a target: no transaction ever sends more than {@code chunk-size} messages, and a kill -9
 * re-sends at most the chunk that was in flight. Such a chunk sends its messages until each is
 * delivered or failed (see {@link DeliveryWriter}), so the pending messages read are the last ones:
 * when none is left, the step ends.
 *
 * <p>The reader counts the items of each chunk (the step reads {@code chunk-size} items a chunk): it
 * reads the pending messages once per chunk, after the chunk before committed, so that none is
 * given twice. Its restart state is the target reader's; pending messages are rows, read anew.
 */
public class DispatchItemReader implements ItemStreamReader<ChunkItem> {

    private final DispatchTargetReader targets;
    private final PendingSendRepository pendingSends;
    private final PendingSendRepository.Step step;
    private final int chunkSize;
    private int readInChunk;
    private boolean targetsRead;
    private boolean ended;
    private @Nullable Iterator<PendingSendRepository.Pending> resends;

    /**
     * @param targets the run's targets (or a partition's)
     * @param step the step whose pending messages are read
     * @param chunkSize the step's chunk size: items a chunk reads
     */
    public DispatchItemReader(
            DispatchTargetReader targets,
            PendingSendRepository pendingSends,
            PendingSendRepository.Step step,
            int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, got " + chunkSize);
        }
        this.targets = Objects.requireNonNull(targets, "targets");
        this.pendingSends = Objects.requireNonNull(pendingSends, "pendingSends");
        this.step = Objects.requireNonNull(step, "step");
        this.chunkSize = chunkSize;
    }

    @Override
    public void open(ExecutionContext context) {
        targets.open(context);
        readInChunk = 0;
        targetsRead = false;
        ended = false;
        resends = null;
    }

    @Override
    public @Nullable ChunkItem read() {
        if (ended) {
            return null;
        }
        if (readInChunk == chunkSize) { // a new chunk: the one before committed
            readInChunk = 0;
            resends = null;
        }
        ChunkItem item = next();
        if (item == null) {
            ended = true;
            return null;
        }
        readInChunk++;
        return item;
    }

    private @Nullable ChunkItem next() {
        if (!targetsRead) {
            DispatchTarget target = targets.read();
            if (target != null) {
                return new ChunkItem.Target(target);
            }
            targetsRead = true;
        }
        if (resends == null) {
            resends = pendingSends.first(step, chunkSize - readInChunk).iterator();
        }
        return resends.hasNext() ? new ChunkItem.Resend(resends.next()) : null;
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
