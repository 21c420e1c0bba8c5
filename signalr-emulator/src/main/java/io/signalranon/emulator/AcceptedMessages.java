package io.signalranon.emulator;

import io.signalranon.emulator.rest.JsonText;
import io.signalranon.emulator.rest.MessageBody;
import io.signalranon.emulator.rest.MessageSink;
import io.signalranon.emulator.rest.RestRoute;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The accepted messages: the most recent {@code retain} in memory (lock-free), a running count,
 * and optionally one NDJSON line per message in a file.
 */
final class AcceptedMessages implements MessageSink, AutoCloseable {

    private final Queue<AcceptedMessage> retained = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retainedSize = new AtomicInteger();
    private final LongAdder count = new LongAdder();
    private final int retain;
    private final @Nullable BufferedWriter log;

    AcceptedMessages(int retain, @Nullable Path ndjson) {
        this.retain = retain;
        this.log = ndjson == null ? null : open(ndjson);
    }

    @Override
    public void accepted(RestRoute route, MessageBody body, Instant receivedAt) {
        AcceptedMessage message = new AcceptedMessage(
                route.requireHub(),
                route.userId(),
                route.group(),
                body.target(),
                body.argumentsJson(),
                receivedAt,
                route.apiVersion());
        retained.add(message);
        if (retainedSize.incrementAndGet() > retain && retained.poll() != null) {
            retainedSize.decrementAndGet();
        }
        count.increment();
        if (log != null) {
            write(log, message);
        }
    }

    List<AcceptedMessage> snapshot() {
        return List.copyOf(retained);
    }

    long count() {
        return count.sum();
    }

    void clear() {
        while (retained.poll() != null) {
            retainedSize.decrementAndGet();
        }
        count.reset();
    }

    void flush() {
        if (log != null) {
            synchronized (log) {
                try {
                    log.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the message log", e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (log != null) {
            synchronized (log) {
                try {
                    log.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot close the message log", e);
                }
            }
        }
    }

    private static void write(BufferedWriter log, AcceptedMessage message) {
        String line = "{\"receivedAt\":\"" + message.receivedAt() + "\",\"apiVersion\":\""
                + message.apiVersion().label()
                + "\",\"hub\":" + quoted(message.hub()) + ",\"userId\":" + quoted(message.userId())
                + ",\"group\":" + quoted(message.group()) + ",\"target\":" + quoted(message.target())
                + ",\"arguments\":" + message.argumentsJson().replace("\n", " ").replace("\r", " ") + "}\n";
        synchronized (log) {
            try {
                log.write(line);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the message log", e);
            }
        }
    }

    private static String quoted(@Nullable String value) {
        return value == null ? "null" : "\"" + JsonText.escape(value) + "\"";
    }

    private static BufferedWriter open(Path file) {
        try {
            return Files.newBufferedWriter(
                    file,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the message log " + file, e);
        }
    }
}
