package io.signalranon.emulator.cli;

import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.entra.EntraMode;
import io.signalranon.emulator.fault.FaultPlan;
import io.signalranon.emulator.limit.ServiceLimits;
import io.signalranon.negotiate.NegotiateSettings;
import io.signalranon.negotiate.visitor.VisitorKeys;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the command line of the emulator jar asks for, checked ({@link EmulatorCommandLine} binds it).
 *
 * @param host address to listen on
 * @param port port, 0 for any free one
 * @param accessKey the access key
 * @param strict whether token expiry and audience are checked
 * @param record NDJSON file of accepted messages, or {@code null}
 * @param retain accepted messages kept in memory
 * @param faultPlan faults to inject
 * @param negotiate the plugin's {@code negotiate.json} for the anonymous negotiate endpoint, or {@code null}
 * @param demo whether the demo page is served
 * @param limits the service's limits to model (units, latency)
 * @param entra Entra ID only (local authentication disabled), or {@code null}
 */
public record EmulatorOptions(
        String host,
        int port,
        String accessKey,
        boolean strict,
        @Nullable Path record,
        int retain,
        FaultPlan faultPlan,
        @Nullable Path negotiate,
        boolean demo,
        ServiceLimits limits,
        @Nullable EntraMode entra) {

    public EmulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(faultPlan, "faultPlan");
        Objects.requireNonNull(limits, "limits");
    }

    /** The options with the access key masked. */
    @Override
    public String toString() {
        return "EmulatorOptions[host=" + host + ", port=" + port + ", accessKey=***, strict=" + strict + ", record="
                + record + ", retain=" + retain + ", faultPlan=" + faultPlan + ", negotiate=" + negotiate + ", demo="
                + demo + ", units=" + limits.units() + ", retryAfter=" + limits.retryAfter() + ", latency="
                + limits.latency() + ", entra=" + entra + "]";
    }

    /**
     * A builder of the emulator these options describe.
     *
     * @throws IllegalArgumentException when the negotiate file cannot be read or is not a negotiate.json, or
     *     the visitor keys in the environment are malformed
     */
    public SignalREmulator.Builder emulator() {
        return SignalREmulator.builder()
                .negotiate(negotiate == null ? null : NegotiateSettings.read(negotiate))
                .visitorKeys(VisitorKeys.fromEnvironment(System::getenv).orElse(null))
                .demo(demo)
                .host(host)
                .port(port)
                .accessKey(accessKey)
                .strict(strict)
                .recordTo(record)
                .retain(retain)
                .faultPlan(faultPlan)
                .limits(limits)
                .entra(entra);
    }
}
