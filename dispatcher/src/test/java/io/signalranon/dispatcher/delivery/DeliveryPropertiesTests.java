package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DeliveryPropertiesTests {

    @Test
    void byDefaultTheLimitAdaptsFrom32To640() {
        DeliveryProperties defaults = bind(Map.of());

        assertThat(defaults.minConcurrency()).isEqualTo(32);
        assertThat(defaults.maxConcurrency()).isEqualTo(640);
        assertThat(defaults.sendThreads()).isEqualTo(640);
        assertThat(defaults.sendGate().concurrencyLimit()).isEqualTo(32);
        assertThat(defaults.sendGate().pacesThrottled()).isTrue();
    }

    @Test
    void aMaximumBelowTheDefaultMinimumIsAlsoTheMinimum() {
        DeliveryProperties settings = bind(Map.of("dispatcher.delivery.max-concurrency", "16"));

        assertThat(settings.minConcurrency()).isEqualTo(16);
        assertThat(settings.sendGate().concurrencyLimit()).isEqualTo(16);
    }

    @Test
    void sharersDivideTheRateLimitAndNothingElse() {
        DeliveryProperties settings = bind(Map.of("dispatcher.delivery.max-rate", "900"));
        assertThat(settings.sharedBy(3).maxRate()).isEqualTo(300.0);
        assertThat(settings.sharedBy(3).maxConcurrency()).isEqualTo(settings.maxConcurrency());
        assertThat(settings.sharedBy(1)).isSameAs(settings);
        assertThat(bind(Map.of()).sharedBy(4).maxRate()).isNull();
        assertThatThrownBy(() -> settings.sharedBy(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMinimumSetLowLetsTheLimitStartLowerAndShrinkFurther() {
        DeliveryProperties settings = bind(Map.of("dispatcher.delivery.min-concurrency", "1"));

        assertThat(settings.minConcurrency()).isEqualTo(1);
        assertThat(settings.sendGate().concurrencyLimit()).isEqualTo(DeliveryProperties.INITIAL_CONCURRENCY);
    }

    @Test
    void aMinimumAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> bind(Map.of(
                        "dispatcher.delivery.min-concurrency", "64", "dispatcher.delivery.max-concurrency", "16")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("dispatcher.delivery.min-concurrency and max-concurrency must satisfy"
                        + " 1 <= min <= max <= 1024, got 64 and 16");
    }

    @Test
    void aFixedConcurrencyTurnsAdaptationOff() {
        DeliveryProperties settings = bind(Map.of("dispatcher.delivery.concurrency", "48"));

        assertThat(settings.sendThreads()).isEqualTo(48);
        assertThat(settings.sendGate().concurrencyLimit()).isEqualTo(48);
        assertThat(settings.sendGate().pacesThrottled()).isFalse();
    }

    private static DeliveryProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("dispatcher.delivery", DeliveryProperties.class);
    }
}
