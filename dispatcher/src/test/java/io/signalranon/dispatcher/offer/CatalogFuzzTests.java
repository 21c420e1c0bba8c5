package io.signalranon.dispatcher.offer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * offers.json against any input (Jazzer): a catalog, or {@link CatalogException} saying what is wrong;
 * never another exception. See {@code ExportParserFuzzTests} for how it runs.
 */
class CatalogFuzzTests {

    @FuzzTest(maxDuration = "20s")
    void offersJson(FuzzedDataProvider data) {
        try {
            Catalog.parse(data.consumeRemainingAsString(), "offers.json");
        } catch (CatalogException e) {
            // the catalog's own error
        }
    }
}
