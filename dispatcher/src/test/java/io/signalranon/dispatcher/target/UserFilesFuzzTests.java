package io.signalranon.dispatcher.target;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.signalranon.dispatcher.ingest.InputFileException;
import java.nio.file.Path;

/**
 * users.csv and the suppression list against any input (Jazzer): a header gives its columns or
 * {@link InputFileException}; a line gives its row (or id), or {@link IllegalArgumentException} with
 * the reason it is skipped; never another exception. See {@code ExportParserFuzzTests} for how they run.
 */
class UserFilesFuzzTests {

    private static final Path USERS = Path.of("users.csv");
    private static final Path SUPPRESS = Path.of("suppress.csv");

    @FuzzTest(maxDuration = "20s")
    void usersCsv(FuzzedDataProvider data) {
        String[] lines = data.consumeRemainingAsString().split("\n", 64);
        UsersCsv csv;
        try {
            csv = new UsersCsv(USERS, lines[0]);
        } catch (InputFileException e) {
            return; // a header the file may not have: its own error
        }
        for (int i = 1; i < lines.length; i++) {
            try {
                csv.row(lines[i]);
            } catch (IllegalArgumentException e) {
                // the line is skipped with its reason
            }
        }
    }

    @FuzzTest(maxDuration = "20s")
    void suppressionList(FuzzedDataProvider data) {
        String[] lines = data.consumeRemainingAsString().split("\n", 64);
        try {
            UserTablesLoader.isSuppressionHeader(SUPPRESS, lines[0].trim());
        } catch (InputFileException e) {
            return; // a header with another column: its own error
        }
        for (String line : lines) {
            try {
                UsersCsv.checkedId(line.trim(), "user id");
            } catch (IllegalArgumentException e) {
                // the line is skipped with its reason
            }
        }
    }
}
