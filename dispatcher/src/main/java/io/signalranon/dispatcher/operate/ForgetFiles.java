package io.signalranon.dispatcher.operate;

import io.signalranon.dispatcher.ingest.FileFingerprint;
import io.signalranon.dispatcher.ingest.InputFileException;
import io.signalranon.dispatcher.ingest.InputFileResolver;
import io.signalranon.dispatcher.privacy.ForgetTally;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The forget lists handed to {@code run} and {@code schedule} ({@code --forget=PATH}: a file, a directory or a
 * glob), applied before the run decides anything, each file once, like exports: a file already applied (same
 * name, size and checksum) is passed over. Every list is read and checked before any is applied, so a bad one
 * applies nothing. A file is recorded as applied after its visitors are forgotten: a run killed in between
 * forgets them again, which changes nothing.
 */
public class ForgetFiles {

    private final Forget forget;
    private final ForgetFileRepository applied;
    private final Clock clock;

    public ForgetFiles(Forget forget, ForgetFileRepository applied, Clock clock) {
        this.forget = Objects.requireNonNull(forget, "forget");
        this.applied = Objects.requireNonNull(applied, "applied");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What the lists did.
     *
     * @param files lists applied now
     * @param alreadyApplied lists passed over (applied before)
     * @param outcome the visitors forgotten and the rows per table
     */
    public record Applied(int files, int alreadyApplied, Forget.Outcome outcome) {}

    /**
     * Applies the lists a pattern names that were not applied before; with {@code dryRun}, counts and applies
     * nothing.
     *
     * @throws InputFileException when the path does not exist or a list cannot be read or has a bad id
     */
    public Applied apply(String pattern, boolean dryRun) {
        List<Path> files = InputFileResolver.resolve(pattern);
        List<FileFingerprint> fingerprints = new ArrayList<>();
        List<List<Forget.Request>> lists = new ArrayList<>();
        int passed = 0;
        for (Path file : files) {
            FileFingerprint fingerprint = FileFingerprint.of(file);
            if (applied.contains(fingerprint)) {
                passed++;
                continue;
            }
            fingerprints.add(fingerprint);
            lists.add(ForgetList.read(file));
        }
        int visitors = 0;
        int ids = 0;
        ForgetTally rows = new ForgetTally();
        for (int i = 0; i < lists.size(); i++) {
            Forget.Outcome outcome = forget.forget(lists.get(i), dryRun);
            visitors += outcome.visitors();
            ids += outcome.ids();
            rows.addAll(outcome.rows());
            if (!dryRun) {
                applied.record(fingerprints.get(i), lists.get(i).size(), clock.instant());
            }
        }
        return new Applied(lists.size(), passed, new Forget.Outcome(visitors, ids, rows));
    }
}
