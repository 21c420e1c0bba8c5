package io.signalranon.maven;

import io.signalranon.testing.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedPackagesTests {

    @Test
    void everyPackageOfTheMainCodeIsNullMarked() {
        NullMarkedPackages.assertEveryPackageOf(TokenMojo.class);
    }
}
