package io.signalranon.client.entra;

import io.signalranon.testing.NullMarkedPackages;
import org.junit.jupiter.api.Test;

class NullMarkedPackagesTests {

    @Test
    void everyPackageOfTheMainCodeIsNullMarked() {
        NullMarkedPackages.assertEveryPackageOf(AzureIdentityCredentials.class);
    }
}
