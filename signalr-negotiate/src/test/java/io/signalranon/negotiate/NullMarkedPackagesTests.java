package io.signalranon.negotiate;

import io.signalranon.testing.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedPackagesTests {

    @Test
    void everyPackageOfTheMainCodeIsNullMarked() {
        NullMarkedPackages.assertEveryPackageOf(NegotiateEndpoint.class);
    }
}
