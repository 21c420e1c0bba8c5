package io.signalranon.dispatcher.ingest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads and parses the lines of one open file on a thread of its own, ahead of the step, so that the
 * next chunk is parsed while the database writes the last one. The lines come out in file order, each
 * as its rows or as why it cannot be used. Nothing is counted or skipped here: the
 * {@link ExportItemReader} does that as it hands the rows out, so its saved position is what the step
 * took, never what was read ahead. At most {@link #BLOCKS} blocks of {@link #BLOCK} lines wait.
 */
final class LineReadAhead implements AutoCloseable {

    static final int BLOCK = 1_000;
    static final int BLOCKS = 16;

    /** One line of the file, parsed. */
    sealed interface Line permits Rows, NotUtf8, Malformed, Unreadable, Failed, End {}

    /** The rows a line holds, possibly none. */
    record Rows(List<ChangeRow> rows) implements Line {}

    /** A line that is not UTF-8, from a file that was {@code origin} up to it. */
    record NotUtf8(RowOrigin origin, @Nullable String message) implements Line {}

    /** A line the parser rejected. */
    record Malformed(MalformedRowException exception) implements Line {}

    /** The file cannot be read on (a bad header, an I/O error, corrupt gzip); the last line read. */
    record Unreadable(InputFileException exception) implements Line {}

    /**
     * Reading or parsing line {@code lineNo} failed in a way no input should cause (a defect, not the
     * file's fault: the file is not called unreadable for it); the last line read.
     */
    record Failed(long lineNo, Throwable failure) implements Line {}

    /** The end of the file. */
    record End() implements Line {}

    private final BlockingQueue<List<Line>> blocks = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread thread;
    private Iterator<Line> block = List.<Line>of().iterator();
    private boolean ended;

    /**
     * Starts reading.
     *
     * @param readLine the file's next line, or null at its end; {@link Utf8LineReader.NotUtf8Exception}
     *     for a line that is not UTF-8
     * @param parser the file's parser, used from now on by this thread only
     * @param firstLineNo the 1-based number of the next line
     */
    LineReadAhead(Supplier<String> readLine, ExportParser parser, long firstLineNo) {
        Objects.requireNonNull(readLine, "readLine");
        Objects.requireNonNull(parser, "parser");
        this.thread = new Thread(() -> readAll(readLine, parser, firstLineNo), "ingest-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void readAll(Supplier<String> readLine, ExportParser parser, long firstLineNo) {
        List<Line> lines = new ArrayList<>(BLOCK);
        try {
            for (long lineNo = firstLineNo; ; lineNo++) {
                Line line = parse(readLine, parser, lineNo);
                lines.add(line);
                boolean last = line instanceof End || line instanceof Unreadable || line instanceof Failed;
                if (last || lines.size() == BLOCK) {
                    blocks.put(lines);
                    if (last) {
                        return;
                    }
                    lines = new ArrayList<>(BLOCK);
                }
            }
        } catch (InterruptedException e) {
            // closed: nobody reads on
        }
    }

    private static Line parse(Supplier<String> readLine, ExportParser parser, long lineNo) {
        try {
            String text = readLine.get();
            return text == null ? new End() : new Rows(parser.parse(text, lineNo));
        } catch (Utf8LineReader.NotUtf8Exception e) {
            return new NotUtf8(parser.origin(), e.getMessage());
        } catch (MalformedRowException e) {
            return new Malformed(e);
        } catch (InputFileException e) {
            return new Unreadable(e);
        } catch (RuntimeException | Error e) { // an Error too: the step must not wait for a thread that died
            return new Failed(lineNo, e);
        }
    }

    /** The next line; after {@link End}, {@link Unreadable} or {@link Failed}, nothing more may be asked. */
    Line next() {
        if (ended) {
            throw new IllegalStateException("the file was read to its end");
        }
        while (!block.hasNext()) {
            try {
                block = blocks.take().iterator();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading ahead", e);
            }
        }
        Line line = block.next();
        ended = line instanceof End || line instanceof Unreadable || line instanceof Failed;
        return line;
    }

    /** Stops reading ahead and waits for the thread to end, so that the file can be closed. */
    @Override
    public void close() {
        thread.interrupt();
        blocks.clear(); // a thread waiting to put a block goes on to see the interrupt
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
