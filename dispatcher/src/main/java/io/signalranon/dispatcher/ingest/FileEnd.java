package io.signalranon.dispatcher.ingest;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The end of one input file, after its last row.
 *
 * @param origin        the file
 * @param fingerprint   its name, size and checksum
 * @param rowsRead      change rows read from it
 * @param rowsSkipped   malformed rows skipped in it
 * @param snapshotTime  for a snapshot file, the time its state holds from
 * @param fixedAudience for a snapshot of one audience known from the file name (AEP CSV), that audience
 */
public record FileEnd(
        RowOrigin origin,
        FileFingerprint fingerprint,
        long rowsRead,
        long rowsSkipped,
        @Nullable Instant snapshotTime,
        @Nullable String fixedAudience)
        implements IngestItem {

    public FileEnd {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (origin.snapshot()) {
            Objects.requireNonNull(snapshotTime, "snapshotTime of a snapshot");
        }
    }

    public Optional<String> audienceFromName() {
        return Optional.ofNullable(fixedAudience);
    }
}
