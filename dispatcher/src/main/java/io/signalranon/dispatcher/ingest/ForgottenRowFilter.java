package io.signalranon.dispatcher.ingest;

import io.signalranon.dispatcher.privacy.ForgottenIds;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Keeps the rows of forgotten ids out of the membership store: a row whose id was forgotten is filtered (Spring
 * Batch counts it in the step's filter count) and nothing of it is stored. Free when no id is forgotten; an id
 * on consecutive rows (one per audience) is hashed once.
 */
public class ForgottenRowFilter implements ItemProcessor<IngestItem, IngestItem> {

    private final ForgottenIds.ForgottenSet forgotten;
    private @Nullable String lastId;
    private boolean lastForgotten;

    public ForgottenRowFilter(ForgottenIds.ForgottenSet forgotten) {
        this.forgotten = Objects.requireNonNull(forgotten, "forgotten");
    }

    @Override
    public @Nullable IngestItem process(IngestItem item) {
        if (forgotten.size() == 0 || !(item instanceof ChangeRow row)) {
            return item;
        }
        if (!row.id().equals(lastId)) {
            lastId = row.id();
            lastForgotten = forgotten.contains(row.id());
        }
        return lastForgotten ? null : item;
    }
}
