package io.signalranon.dispatcher.delivery;

import io.signalranon.dispatcher.offer.DispatchItem;
import io.signalranon.dispatcher.offer.DispatchPlanner;
import io.signalranon.dispatcher.target.DispatchTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code {"userId", "withheld": "holdout" | "suppressed" | "no-consent"}}. The report restarts
 * cleanly from the last committed chunk.
 */
public class DryRunWriter implements DispatchWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DispatchPlanner planner;
    private final Path reportFile;
    private final FlatFileItemWriter<DispatchItem> report;
    private DeliveryCounters counters = new DeliveryCounters();

    /** @param reportFile the NDJSON report, or {@code null} for none */
    public DryRunWriter(DispatchPlanner planner, Path reportFile) {
        this.planner = planner;
        this.reportFile = reportFile;
        this.report = reportFile == null
                ? null
                : new FlatFileItemWriterBuilder<DispatchItem>()
                        .name("dryRunReport")
                        .resource(new FileSystemResource(reportFile))
                        .lineAggregator(DryRunWriter::line)
                        .build();
    }

    static String line(DispatchItem item) {
        ObjectNode node = JSON.createObjectNode().put("userId", item.userId());
        if (item instanceof DispatchItem.Send send) {
            node.put("messageId", send.message().messageId());
            ArrayNode offers = node.putArray("offers");
            send.message().offerIds().forEach(offers::add);
        } else if (item instanceof DispatchItem.Withheld withheld) {
            node.put("withheld", withheld.reason().label());
        }
        return JSON.writeValueAsString(node);
    }

    @Override
    public void open(ExecutionContext context) {
        counters = DeliveryCounters.from(context);
        if (report != null) {
            createParentDirectories();
            report.open(context);
        }
    }

    private void createParentDirectories() {
        Path parent = reportFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new ItemStreamException("cannot create the directory of the dry-run report " + reportFile, e);
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
    public void write(Chunk<? extends DispatchTarget> targets) throws Exception {
        DispatchPlanner.ChunkPlan plan = planner.plan(targets.getItems());
        Chunk<DispatchItem> chunk = new Chunk<>();
        for (DispatchTarget target : targets) {
            DispatchItem item = plan.decide(target);
            chunk.add(item);
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
