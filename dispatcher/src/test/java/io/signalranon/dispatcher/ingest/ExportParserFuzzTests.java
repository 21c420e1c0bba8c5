package io.signalranon.dispatcher.ingest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * Each export format's line parser against any input (Jazzer): every line gives its rows, or the
 * format's own errors ({@link MalformedRowException} for a line, {@link InputFileException} for a file
 * that cannot be read as the format), never another exception. A plain {@code verify} runs the seeds and
 * every input a fuzzing run found ({@code src/test/resources/.../ExportParserFuzzTestsInputs/<test>}); with
 * {@code JAZZER_FUZZ=1} one test fuzzes for its {@code maxDuration} (see {@code dispatcher/bench/fuzz.sh}).
 */
class ExportParserFuzzTests {

    private static final Instant FILE_TIME = Instant.parse("2026-11-30T10:00:00Z");
    private static final ExportParsers PARSERS = new ExportParsers(IngestProperties.defaults());

    @FuzzTest(maxDuration = "20s")
    void aepJson(FuzzedDataProvider data) {
        parseLines(InputFormat.AEP_JSON, "AcmeWebOffers_profiles_20261121080000.json", data);
    }

    @FuzzTest(maxDuration = "20s")
    void aepCsv(FuzzedDataProvider data) {
        parseLines(
                InputFormat.AEP_CSV,
                fileName("AcmeWebOffers_segment7a41c2e0-aaaa-bbbb-cccc-000000000001_20261121090000.csv", data),
                data);
    }

    @FuzzTest(maxDuration = "20s")
    void segment(FuzzedDataProvider data) {
        parseLines(InputFormat.SEGMENT, "engage-audiences-20261121.ndjson", data);
    }

    @FuzzTest(maxDuration = "20s")
    void mparticle(FuzzedDataProvider data) {
        parseLines(
                InputFormat.MPARTICLE,
                fileName("Cart_Abandoners_Web_8812345_20261122_080000_3f1c2a9e-7b7d-4d8e-9a51-0c2d4e6f8a10.txt", data),
                data);
    }

    @FuzzTest(maxDuration = "20s")
    void unomiCsv(FuzzedDataProvider data) {
        parseLines(InputFormat.UNOMI_CSV, "profiles.csv", data);
    }

    @FuzzTest(maxDuration = "20s")
    void csv(FuzzedDataProvider data) {
        parseLines(InputFormat.CSV, "segment-changes-20261122.csv", data);
    }

    /**
     * For a format whose file name carries data (a segment id, an audience): a real-shaped name, or any
     * name, so that the name's own rules are fuzzed too. The first draw of the input decides which.
     */
    private static String fileName(String realShaped, FuzzedDataProvider data) {
        return data.consumeBoolean() ? realShaped : data.consumeString(80);
    }

    /** The rest of the input as the file's lines, parsed in order, as the reader does. */
    private static void parseLines(InputFormat format, String fileName, FuzzedDataProvider data) {
        String[] lines = data.consumeRemainingAsString().split("\n", 64);
        ExportParser parser;
        try {
            parser = PARSERS.create(new RowOrigin(0, 0, format, fileName, false), FILE_TIME);
        } catch (InputFileException e) {
            return; // a file name the format does not accept: its own error
        }
        for (int i = 0; i < lines.length; i++) {
            try {
                parser.parse(lines[i], i + 1);
            } catch (MalformedRowException e) {
                // the line is skipped with its reason: the format's own error
            } catch (InputFileException e) {
                return; // the file cannot be read as this format (a bad header): its own error
            }
        }
    }
}
