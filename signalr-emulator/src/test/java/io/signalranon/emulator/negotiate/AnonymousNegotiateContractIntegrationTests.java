package io.signalranon.emulator.negotiate;

import io.signalranon.emulator.SignalREmulator;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.contract.HttpNegotiateTarget;
import io.signalranon.negotiate.contract.NegotiateContract;
import io.signalranon.negotiate.contract.NegotiateTarget;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.net.URI;

/** The emulator's anonymous negotiate passes the contract every production form of negotiate passes. */
class AnonymousNegotiateContractIntegrationTests extends NegotiateContract {

    @Override
    protected NegotiateTarget start(String negotiateJson, String visitorKeys) {
        NegotiateSettings settings = NegotiateSettings.parse(negotiateJson);
        SignalREmulator emulator = SignalREmulator.builder()
                .port(0)
                .negotiate(settings)
                .visitorKeys(VisitorKeys.parse(visitorKeys))
                .build()
                .start();
        String url = emulator.clientUrl(settings.hub());
        return new HttpNegotiateTarget(URI.create(emulator.negotiateUrl() + "/negotiate"), emulator) {
            @Override
            public String clientUrl() {
                return url;
            }
        };
    }
}
