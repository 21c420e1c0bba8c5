package io.signalranon.dispatcher.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentValueTests {

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "n,false",
                "N,false",
                "denied,false",
                "DENIED,false",
                " Revoked ,false",
                "y,true",
                "GRANTED,true",
                "'',true",
                "NULL,true",
                "no,true"
            })
    void onlyNDeniedAndRevokedRefuseConsent(String value, boolean granted) {
        // when / then
        assertThat(ConsentValue.granted(value)).isEqualTo(granted);
    }
}
