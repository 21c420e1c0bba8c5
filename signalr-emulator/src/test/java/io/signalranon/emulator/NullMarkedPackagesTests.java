package io.signalranon.emulator;

import io.signalranon.testing.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedPackagesTests {

    @Test
    void everyPackageOfTheMainCodeIsNullMarked() {
        NullMarkedPackages.assertEveryPackageOf(SignalREmulator.class);
    }
}
