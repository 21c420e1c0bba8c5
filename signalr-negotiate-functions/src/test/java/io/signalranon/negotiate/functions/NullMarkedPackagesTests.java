package io.signalranon.negotiate.functions;

import io.signalranon.testing.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedPackagesTests {

    @Test
    void everyPackageOfTheMainCodeIsNullMarked() {
        NullMarkedPackages.assertEveryPackageOf(NegotiateFunction.class);
    }
}
