package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.offer.DispatchItem;
import io.signalranon.dispatcher.offer.DispatchPlanner;
import io.signalranon.dispatcher.offer.Explanation;
import io.signalranon.dispatcher.target.DispatchTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.file.FlatFileItemWriter;
import org.springframework.batch.infrastructure.item.file.builder.FlatFileItemWriterBuilder;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writer of {@code --dry-run}: sends nothing, counts what would be sent, and writes one NDJSON
 * line per user to the report file when one is given: {@code {"userId", "messageId", "offers"}} or
 * {@code {"userId", "withheld": "holdout" | "suppressed" | "no-consent"}}; a user who is decided (not
 * suppressed, consenting, not in the holdout) also gets {@code "audiences"} (theirs that offers name),
 * {@code "chosen"} (each offer's placement and rule) and {@code "lost"} (eligible offers not chosen, and why). The report restarts
 * cleanly from the last committed chunk. It names users, so only its owner may read it (permissions
 * {@code rw-------} where the file system has them).
 */
public class DryRunWriter implements DispatchWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final DispatchPlanner planner;
    private final @Nullable Path reportFile;
    private final @Nullable FlatFileItemWriter<Explained> report;
    private DeliveryCounters counters = new DeliveryCounters();

    /** @param reportFile the NDJSON report, or {@code null} for none */
    public DryRunWriter(DispatchPlanner planner, @Nullable Path reportFile) {
        this.planner = planner;
        this.reportFile = reportFile;
        this.report = reportFile == null
                ? null
                : new FlatFileItemWriterBuilder<Explained>()
                        .name("dryRunReport")
                        .resource(new FileSystemResource(reportFile))
                        .lineAggregator(explained -> line(explained.item(), explained.why()))
                        .build();
    }

    static String line(DispatchItem item) {
        return line(item, null);
    }

    /** One user's line, with why when known: the audiences that counted, each offer's rule, the eligible offers lost. */
    static String line(DispatchItem item, @Nullable Explanation why) {
        ObjectNode node = JSON.createObjectNode().put("userId", item.userId());
        if (item instanceof DispatchItem.Send send) {
            node.put("messageId", send.message().messageId());
            ArrayNode offers = node.putArray("offers");
            send.message().offerIds().forEach(offers::add);
        } else if (item instanceof DispatchItem.Withheld withheld) {
            node.put("withheld", withheld.reason().label());
        }
        if (why != null && !why.holdout()) {
            ArrayNode audiences = node.putArray("audiences");
            why.audiences().forEach(audiences::add);
            ArrayNode chosen = node.putArray("chosen");
            for (Explanation.Chosen offer : why.chosen()) {
                chosen.addObject()
                        .put("id", offer.offerId())
                        .put("placement", offer.placement())
                        .put("rule", offer.rule())
                        .set("eligibility", offer.eligibility());
            }
            ArrayNode lost = node.putArray("lost");
            for (Explanation.Lost offer : why.lost()) {
                lost.addObject()
                        .put("id", offer.offerId())
                        .put("placement", offer.placement())
                        .put("reason", offer.reason());
            }
        }
        return JSON.writeValueAsString(node);
    }

    /** A decision and why. */
    private record Explained(DispatchItem item, @Nullable Explanation why) {}

    @Override
    public void open(ExecutionContext context) {
        counters = DeliveryCounters.from(context);
        if (report != null && reportFile != null) {
            createParentDirectories(reportFile);
            report.open(context);
            ownerOnly(reportFile);
        }
    }

    private static void createParentDirectories(Path reportFile) {
        Path parent = reportFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new ItemStreamException("cannot create the directory of the dry-run report " + reportFile, e);
        }
    }

    /** Makes the report (open, still without a line) readable by its owner only. */
    private static void ownerOnly(Path reportFile) {
        try {
            Files.setPosixFilePermissions(reportFile, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system: the directory's access rules apply
        } catch (IOException e) {
            throw new ItemStreamException("cannot restrict the dry-run report " + reportFile + " to its owner", e);
        }
    }

    @Override
    public void update(ExecutionContext context) {
        counters.saveTo(context);
        if (report != null) {
            report.update(context);
        }
    }

    @Override
    public void close() {
        if (report != null) {
            report.close();
        }
    }

    @Override
    public DeliveryCounters counters() {
        return counters;
    }

    @Override
    public void write(Chunk<? extends ChunkItem> items) throws Exception {
        List<DispatchTarget> targets = ChunkItem.targets(items.getItems()); // a dry run leaves nothing pending
        DispatchPlanner.ChunkPlan plan = planner.plan(targets);
        Chunk<Explained> chunk = new Chunk<>();
        for (DispatchTarget target : targets) {
            DispatchItem item = plan.decide(target);
            if (report != null) {
                chunk.add(new Explained(item, plan.explain(target)));
            }
            if (item instanceof DispatchItem.Withheld withheld) {
                counters.add(withheld.reason());
            } else {
                counters.addPlanned();
            }
        }
        if (report != null) {
            report.write(chunk);
        }
    }
}
