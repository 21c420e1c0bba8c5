package io.signalranon.negotiate.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link EntraLibraryMissingException} on one line, with the dependency to add, instead of a stack trace. */
class EntraLibraryMissingFailureAnalyzer extends AbstractFailureAnalyzer<EntraLibraryMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, EntraLibraryMissingException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Add the dependency " + EntraLibraryMissingException.ARTIFACT
                        + " (it brings com.azure:azure-identity), or use a connection string with AccessKey=.",
                cause);
    }
}
