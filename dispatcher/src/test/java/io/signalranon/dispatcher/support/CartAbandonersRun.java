package io.signalranon.dispatcher.support;

import io.signalranon.dispatcher.cli.RunOptions;
import io.signalranon.dispatcher.ingest.InputFormat;
import io.signalranon.dispatcher.ingest.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A run's options on a fresh export where users u0..u(n-1) entered cart_abandoners, and a one-offer catalog. */
public final class CartAbandonersRun {

    private CartAbandonersRun() {}

    /** Writes {@code changes.csv} and {@code offers.json} into {@code dir} and returns the options of a run on them. */
    public static RunOptions options(Path dir, int users) throws IOException {
        Path export = dir.resolve("changes.csv");
        Files.writeString(
                export,
                "user_id,segment,status,timestamp\n"
                        + IntStream.range(0, users)
                                .mapToObj(i -> "u" + i + ",cart_abandoners,enter,2026-11-30T10:00:00Z\n")
                                .collect(Collectors.joining()));
        Path offers = dir.resolve("offers.json");
        Files.writeString(offers, """
                {"placements": [{"id": "hero", "maxItems": 1}],
                 "offers": [{"id": "cart-10", "placement": "hero", "priority": 90, "eligibility": "cart_abandoners",
                             "content": {"title": "10% off"}}]}
                """);
        return RunOptions.builder()
                .input(new InputSpec(InputFormat.CSV, export.toString()))
                .offers(offers)
                .asOf(Instant.parse("2026-12-01T12:00:00Z"))
                .build();
    }
}
