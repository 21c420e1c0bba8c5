package io.signalranon.dispatcher.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams every input file line by line into {@link ChangeRow}s, then a {@link FileEnd} per file.
 * Its position (file, lines done, rows taken from the current line) is saved at each commit, so a
 * restart resumes after the last committed chunk. Files ingested before are passed over unless forced.
 */
public class ExportItemReader implements ItemStreamReader<IngestItem> {

    private static final Logger log = LoggerFactory.getLogger(ExportItemReader.class);
    private static final String FILE_NO = "ingest.file.no";
    private static final String FILE_NAME = "ingest.file.name";
    private static final String LINES = "ingest.file.lines";
    private static final String TAKEN = "ingest.file.taken";
    private static final String FILE_READ = "ingest.file.read";
    private static final String FILE_SKIPPED = "ingest.file.skipped";

    private final List<InputFile> files;
    private final ExportParsers parsers;
    private final IngestedFileRepository registry;
    private final boolean force;
    private final ExecutionContext tallyContext = new ExecutionContext();
    private final IngestTally tally = new IngestTally(tallyContext);

    private int fileNo;
    private long linesDone;
    private int taken;
    private long fileRead;
    private long fileSkipped;
    private @Nullable OpenFile current;
    private @Nullable Iterator<ChangeRow> pending;

    public ExportItemReader(
            List<InputFile> files, ExportParsers parsers, IngestedFileRepository registry, boolean force) {
        this.files = List.copyOf(files);
        this.parsers = parsers;
        this.registry = registry;
        this.force = force;
    }

    @Override
    public void open(ExecutionContext context) {
        context.entrySet().stream()
                .filter(e -> e.getKey().startsWith("ingest.input."))
                .forEach(e -> tallyContext.put(e.getKey(), e.getValue()));
        if (!context.containsKey(FILE_NO)) {
            return;
        }
        fileNo = context.getInt(FILE_NO);
        linesDone = context.getLong(LINES);
        taken = context.getInt(TAKEN);
        fileRead = context.getLong(FILE_READ);
        fileSkipped = context.getLong(FILE_SKIPPED);
        if (fileNo < files.size()
                && !files.get(fileNo).path().getFileName().toString().equals(context.getString(FILE_NAME))) {
            throw new InputFileException(
                    files.get(fileNo).path().toString(),
                    "the input files changed since the interrupted run (expected " + context.getString(FILE_NAME)
                            + ")");
        }
    }

    @Override
    public @Nullable IngestItem read() {
        while (fileNo < files.size()) {
            OpenFile file = current != null ? current : openCurrent();
            if (file == null) {
                continue;
            }
            if (pending != null) {
                ChangeRow row = pending.next();
                taken++;
                if (!pending.hasNext()) {
                    pending = null;
                    linesDone++;
                    taken = 0;
                }
                if (row.listedOnly()) {
                    tally.add(file.file.input(), IngestTally.MARKERS, 1);
                } else {
                    fileRead++;
                    tally.add(file.file.input(), IngestTally.READ, 1);
                }
                return row;
            }
            LineReadAhead.Line line = file.lines(linesDone + 1).next();
            if (line instanceof LineReadAhead.End) {
                return endOfFile(file);
            }
            if (line instanceof LineReadAhead.Unreadable unreadable) {
                throw unreadable.exception();
            }
            if (line instanceof LineReadAhead.Failed failed) {
                throw new IllegalStateException(
                        "reading " + file.file.path() + " failed at line " + failed.lineNo() + ": " + failed.failure(),
                        failed.failure());
            }
            if (line instanceof LineReadAhead.NotUtf8 notUtf8) {
                linesDone++;
                fileSkipped++;
                tally.add(file.file.input(), IngestTally.SKIPPED, 1);
                throw new MalformedRowException(notUtf8.origin(), linesDone, SkipReason.NOT_UTF8, notUtf8.message());
            }
            if (line instanceof LineReadAhead.Malformed malformed) {
                linesDone++;
                fileSkipped++;
                tally.add(file.file.input(), IngestTally.SKIPPED, 1);
                throw malformed.exception();
            }
            List<ChangeRow> rows = ((LineReadAhead.Rows) line).rows();
            if (rows.isEmpty()) {
                linesDone++;
            } else {
                pending = rows.iterator();
            }
        }
        return null;
    }

    private FileEnd endOfFile(OpenFile file) {
        ExportParser parser = file.parser;
        FileEnd end = new FileEnd(
                parser.origin(),
                file.fingerprint,
                fileRead,
                fileSkipped,
                parser.snapshotTime(),
                parser.audienceFromName());
        log.info("Read {}: {} rows, {} skipped", file.file.path(), fileRead, fileSkipped);
        tally.add(file.file.input(), IngestTally.MARKERS, 1);
        closeCurrent();
        nextFile();
        return end;
    }

    private void nextFile() {
        fileNo++;
        linesDone = 0;
        taken = 0;
        fileRead = 0;
        fileSkipped = 0;
    }

    /** The file at {@code fileNo}, opened and fast-forwarded; null when it was ingested before. */
    private @Nullable OpenFile openCurrent() {
        InputFile file = files.get(fileNo);
        FileFingerprint fingerprint = FileFingerprint.of(file.path());
        boolean resuming = linesDone > 0 || taken > 0;
        if (!resuming && !force && registry.contains(fingerprint)) {
            log.info("Already ingested, passed over: {}", file.path());
            tally.add(file.input(), IngestTally.UNCHANGED, 1);
            nextFile();
            return null;
        }
        if (!resuming) {
            tally.add(file.input(), IngestTally.FILES, 1);
        }
        RowOrigin origin = new RowOrigin(file.input(), fileNo, file.format(), fingerprint.name(), false);
        OpenFile opened = new OpenFile(file, fingerprint, parsers.create(origin, lastModified(file.path())));
        current = opened;
        fastForward(opened);
        return opened;
    }

    private void fastForward(OpenFile opened) {
        for (long lineNo = 1; lineNo <= linesDone; lineNo++) {
            String line = opened.readLineOrSkip();
            if (line == null) {
                throw new InputFileException(opened.file.path().toString(), "shorter than when it was last read");
            }
            if (lineNo == 1) {
                parseQuietly(opened, line, 1);
            }
        }
        if (taken > 0) {
            String line = opened.readLineOrSkip();
            pending = line == null
                    ? null
                    : parseQuietly(opened, line, linesDone + 1).iterator();
            for (int i = 0; i < taken && pending != null && pending.hasNext(); i++) {
                pending.next();
            }
            if (pending == null || !pending.hasNext()) {
                throw new InputFileException(opened.file.path().toString(), "changed since it was last read");
            }
        }
    }

    private static List<ChangeRow> parseQuietly(OpenFile opened, String line, long lineNo) {
        try {
            return opened.parser.parse(line, lineNo);
        } catch (MalformedRowException e) {
            return List.of();
        }
    }

    private static Instant lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            throw new InputFileException(path.toString(), "cannot read: " + e.getMessage());
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(FILE_NO, fileNo);
        context.putString(
                FILE_NAME,
                fileNo < files.size() ? files.get(fileNo).path().getFileName().toString() : "");
        context.putLong(LINES, linesDone);
        context.putInt(TAKEN, taken);
        context.putLong(FILE_READ, fileRead);
        context.putLong(FILE_SKIPPED, fileSkipped);
        tallyContext.entrySet().forEach(e -> context.put(e.getKey(), e.getValue()));
    }

    @Override
    public void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            current.close();
            current = null;
        }
        pending = null;
    }

    private static final class OpenFile {

        private final InputFile file;
        private final FileFingerprint fingerprint;
        private final ExportParser parser;
        private final Utf8LineReader reader;
        private @Nullable LineReadAhead readAhead;

        OpenFile(InputFile file, FileFingerprint fingerprint, ExportParser parser) {
            this.file = file;
            this.fingerprint = fingerprint;
            this.parser = parser;
            this.reader = open(file.path());
        }

        private static Utf8LineReader open(Path path) {
            @Nullable InputStream in = null;
            try {
                in = Files.newInputStream(path);
                if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                    in = new GZIPInputStream(in, 1 << 16);
                }
                return new Utf8LineReader(in, 1 << 16);
            } catch (IOException e) {
                closeQuietly(in);
                throw unreadable(path, e);
            }
        }

        /**
         * The lines from {@code lineNo} on, read ahead from the first call: from then on, the file and
         * the parser belong to the read-ahead's thread.
         */
        LineReadAhead lines(long lineNo) {
            if (readAhead == null) {
                readAhead = new LineReadAhead(this::readLine, parser, lineNo);
            }
            return readAhead;
        }

        @Nullable String readLine() {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw unreadable(file.path(), e);
            }
        }

        /** The next line, or an empty one in place of a line that is not UTF-8 (it was skipped when read). */
        @Nullable String readLineOrSkip() {
            try {
                return readLine();
            } catch (Utf8LineReader.NotUtf8Exception e) {
                return "";
            }
        }

        void close() {
            if (readAhead != null) {
                readAhead.close();
            }
            closeQuietly(reader);
        }

        private static InputFileException unreadable(Path path, IOException e) {
            if (e instanceof ZipException || e instanceof EOFException) {
                return new InputFileException(path.toString(), "corrupt gzip: " + e.getMessage());
            }
            return new InputFileException(path.toString(), "cannot read: " + e.getMessage());
        }

        private static void closeQuietly(java.io.@Nullable Closeable closeable) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // nothing more to read from it
                }
            }
        }
    }
}
