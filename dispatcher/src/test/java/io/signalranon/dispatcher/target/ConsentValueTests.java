package io.signalranon.dispatcher.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentValueTests {

    @ParameterizedTest
    @CsvSource({
        "y,GRANTED",
        "Yes,GRANTED",
        "TRUE,GRANTED",
        "1,GRANTED",
        "GRANTED,GRANTED",
        "' Opt-In ',GRANTED",
        "n,WITHHELD",
        "No,WITHHELD",
        "FALSE,WITHHELD",
        "0,WITHHELD",
        "denied,WITHHELD",
        "' Revoked ',WITHHELD",
        "OPT-OUT,WITHHELD",
        "'',WITHHELD",
        "'  ',WITHHELD",
        "maybe,UNKNOWN",
        "ja,UNKNOWN",
        "2,UNKNOWN"
    })
    void consentFailsClosed(String value, ConsentValue expected) {
        // when
        ConsentValue consent = ConsentValue.of(value);
        // then
        assertThat(consent).isEqualTo(expected);
        assertThat(consent.granted()).isEqualTo(expected == ConsentValue.GRANTED);
    }
}
