package io.signalranon.client;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The connection string against any input (Jazzer): a {@link ConnectionString}, or
 * {@link InvalidConnectionStringException} saying what is wrong; never another exception. A plain
 * {@code verify} runs the seeds and every input a fuzzing run found
 * ({@code src/test/resources/io/signalranon/client/ConnectionStringFuzzTestsInputs/parse}); with
 * {@code JAZZER_FUZZ=1} it fuzzes for its {@code maxDuration}.
 */
class ConnectionStringFuzzTests {

    @FuzzTest(maxDuration = "20s")
    void parse(FuzzedDataProvider data) {
        try {
            ConnectionString.parse(data.consumeRemainingAsString());
        } catch (InvalidConnectionStringException e) {
            // its own error
        }
    }
}
