package io.signalranon.dispatcher.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTests {

    @TempDir
    Path dir;

    @Test
    void aFileNamedByTwoInputsIsReadOnceWithAWarning() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("changes.csv"), "user_id,segment\n");
        List<InputSpec> inputs = List.of(
                new InputSpec(InputFormat.CSV, file.toString()),
                new InputSpec(InputFormat.CSV, file.toString()),
                new InputSpec(InputFormat.CSV, dir + "/./*.csv"));
        // when
        InputFile.Resolution resolution = InputFile.resolve(inputs);
        // then
        assertThat(resolution.files()).containsExactly(new InputFile(0, InputFormat.CSV, file));
        assertThat(resolution.notes())
                .hasSize(2)
                .allSatisfy(note -> assertThat(note)
                        .startsWith("warning: --input=csv:")
                        .endsWith("is named by an earlier input; it is read once"));
    }

    @Test
    void aDirectoryGivesOnlyTheFilesThatLookLikeItsFormatAndSaysWhichItIgnored() throws IOException {
        // given
        Path export = Files.writeString(dir.resolve("AcmeWebOffers_profiles_20261121080000.json.gz"), "");
        Files.writeString(dir.resolve("manifest-dest-1-run-2.json"), "{}");
        Files.writeString(dir.resolve("README.md"), "");
        // when
        InputFile.Resolution resolution =
                InputFile.resolve(List.of(new InputSpec(InputFormat.AEP_JSON, dir.toString())));
        // then
        assertThat(resolution.files()).extracting(InputFile::path).containsExactly(export);
        assertThat(resolution.notes())
                .containsExactly(
                        "--input=aep-json:" + dir
                                + ": ignored 2 files that do not look like aep-json exports: README.md, manifest-dest-1-run-2.json");
    }
}
