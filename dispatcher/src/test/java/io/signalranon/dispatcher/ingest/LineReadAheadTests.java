package io.signalranon.dispatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LineReadAheadTests {

    private static final RowOrigin ORIGIN = new RowOrigin(0, 0, InputFormat.CSV, "in.csv", false);

    @Test
    void linesComeOutInFileOrderWithTheirNumbersAndFailuresInPlace() {
        // given: more lines than the read-ahead holds, a line that is not UTF-8 and one the parser rejects
        int count = LineReadAhead.BLOCK * (LineReadAhead.BLOCKS + 3) + 7;
        AtomicLong read = new AtomicLong();
        Supplier<String> lines = () -> {
            long no = read.incrementAndGet();
            if (no > count) {
                return null;
            }
            if (no == 1_500) {
                throw new Utf8LineReader.NotUtf8Exception("not UTF-8 at byte 3");
            }
            return no == 2_500 ? "bad" : "line " + no;
        };
        ExportParser parser = new NumberingParser();

        // when
        List<LineReadAhead.Line> seen = new ArrayList<>();
        try (LineReadAhead readAhead = new LineReadAhead(lines, parser, 1)) {
            for (LineReadAhead.Line line = readAhead.next(); ; line = readAhead.next()) {
                seen.add(line);
                if (line instanceof LineReadAhead.End) {
                    break;
                }
            }
            assertThatThrownBy(readAhead::next).isInstanceOf(IllegalStateException.class);
        }

        // then
        assertThat(seen).hasSize(count + 1);
        assertThat(seen.get(0)).isEqualTo(rows(1, "line 1"));
        assertThat(seen.get(1_498)).isEqualTo(rows(1_499, "line 1499"));
        assertThat(seen.get(1_499)).isEqualTo(new LineReadAhead.NotUtf8(ORIGIN, "not UTF-8 at byte 3"));
        assertThat(seen.get(2_499))
                .isInstanceOfSatisfying(
                        LineReadAhead.Malformed.class,
                        malformed -> assertThat(malformed.exception().line()).isEqualTo(2_500));
        assertThat(seen.get(count - 1)).isEqualTo(rows(count, "line " + count));
    }

    @Test
    void aFileThatCannotBeReadOnEndsTheLines() {
        AtomicLong read = new AtomicLong();
        Supplier<String> lines = () -> {
            if (read.incrementAndGet() == 3) {
                throw new InputFileException("in.csv.gz", "corrupt gzip: Unexpected end of ZLIB input stream");
            }
            return "line";
        };

        try (LineReadAhead readAhead = new LineReadAhead(lines, new NumberingParser(), 10)) {
            assertThat(readAhead.next()).isEqualTo(rows(10, "line"));
            assertThat(readAhead.next()).isEqualTo(rows(11, "line"));
            assertThat(readAhead.next())
                    .isInstanceOfSatisfying(
                            LineReadAhead.Unreadable.class,
                            unreadable -> assertThat(unreadable.exception()).hasMessageContaining("corrupt gzip"));
        }
        assertThat(read.get()).isEqualTo(3);
    }

    @Test
    void aParserDefectIsAFailureOfItsOwnNotAnUnreadableFile() {
        // given: a parser that fails on line 11 with an exception no input should cause
        ExportParser broken = new NumberingParser() {
            @Override
            public List<ChangeRow> parse(String line, long lineNo) {
                if (lineNo == 11) {
                    throw new IllegalStateException("a bug");
                }
                return super.parse(line, lineNo);
            }
        };

        // when
        try (LineReadAhead readAhead = new LineReadAhead(() -> "line", broken, 10)) {
            LineReadAhead.Line first = readAhead.next();
            LineReadAhead.Line second = readAhead.next();

            // then
            assertThat(first).isEqualTo(rows(10, "line"));
            assertThat(second).isInstanceOfSatisfying(LineReadAhead.Failed.class, failed -> {
                assertThat(failed.lineNo()).isEqualTo(11);
                assertThat(failed.failure()).hasMessage("a bug");
            });
            assertThatThrownBy(readAhead::next).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingStopsTheThreadThatWaitsWithAFullBuffer() {
        // given: an endless file, read ahead until the buffer is full
        AtomicLong read = new AtomicLong();
        LineReadAhead readAhead = new LineReadAhead(() -> "line " + read.incrementAndGet(), new NumberingParser(), 1);
        assertThat(readAhead.next()).isEqualTo(rows(1, "line 1"));

        // when
        readAhead.close();

        // then: the thread has ended, and read no more than the buffer holds and a block being filled
        long readThen = read.get();
        assertThat(readThen).isLessThanOrEqualTo((long) LineReadAhead.BLOCK * (LineReadAhead.BLOCKS + 2));
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("ingest-read-ahead"));
        assertThat(read.get()).isEqualTo(readThen);
    }

    private static LineReadAhead.Rows rows(long lineNo, String text) {
        return new LineReadAhead.Rows(List.of(NumberingParser.row(lineNo, text)));
    }

    /** One row per line, its user id the line's number and text; "bad" is malformed. */
    private static class NumberingParser implements ExportParser {

        static ChangeRow row(long lineNo, String text) {
            return new ChangeRow(ORIGIN, lineNo, lineNo + ":" + text, "audience", true, Instant.EPOCH);
        }

        @Override
        public List<ChangeRow> parse(String line, long lineNo) {
            if (line.equals("bad")) {
                throw new MalformedRowException(ORIGIN, lineNo, SkipReason.MISSING_ID, "no user id");
            }
            return List.of(row(lineNo, line));
        }

        @Override
        public RowOrigin origin() {
            return ORIGIN;
        }
    }
}
