package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.target.DispatchTarget;
import java.util.List;
import java.util.Objects;

/**
 * An item of the dispatch step's chunks: a target of the run, or a message that an earlier chunk left
 * pending (PENDING_SEND). Both count against the chunk's size, so a chunk never sends more than
 * {@code chunk-size} messages, and a kill -9 re-sends at most that many.
 */
public sealed interface ChunkItem permits ChunkItem.Target, ChunkItem.Resend {

    /** A targeted user, whose message is decided and sent. */
    record Target(DispatchTarget target) implements ChunkItem {
        public Target {
            Objects.requireNonNull(target, "target");
        }
    }

    /** A message left pending by an earlier chunk, sent again (waiting until it is due). */
    record Resend(PendingSendRepository.Pending pending) implements ChunkItem {
        public Resend {
            Objects.requireNonNull(pending, "pending");
        }
    }

    /** The targets among {@code items}, in their order. */
    static List<DispatchTarget> targets(List<? extends ChunkItem> items) {
        return items.stream()
                .<DispatchTarget>mapMulti((item, out) -> {
                    if (item instanceof Target target) {
                        out.accept(target.target());
                    }
                })
                .toList();
    }

    /** The pending messages among {@code items}, in their order. */
    static List<PendingSendRepository.Pending> resends(List<? extends ChunkItem> items) {
        return items.stream()
                .<PendingSendRepository.Pending>mapMulti((item, out) -> {
                    if (item instanceof Resend resend) {
                        out.accept(resend.pending());
                    }
                })
                .toList();
    }
}
