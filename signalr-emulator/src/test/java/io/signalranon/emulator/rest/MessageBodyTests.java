package io.signalranon.emulator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageBodyTests {

    @Test
    void keepsTheTargetAndTheRawArguments() throws Exception {
        // when
        MessageBody body =
                MessageBody.parse(" {\"extra\": {\"a\": [1, -2.5e3, true, null]}, \"target\" : \"off\\u0065rs\","
                        + " \"arguments\" : [ {\"x\": \"y\\\"z\"}, [] ] } ");

        // then
        assertThat(body.target()).isEqualTo("offers");
        assertThat(body.argumentsJson()).isEqualTo("[ {\"x\": \"y\\\"z\"}, [] ]");
    }

    @Test
    void acceptsThePascalCaseNamesOfTheDotNetSdk() throws Exception {
        // when
        MessageBody body = MessageBody.parse("{\"Target\":\"t\",\"Arguments\":[]}");

        // then
        assertThat(body).isEqualTo(new MessageBody("t", "[]"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "\"x\"",
                "{",
                "{\"target\":\"t\"}",
                "{\"arguments\":[]}",
                "{\"target\":\"\",\"arguments\":[]}",
                "{\"target\":1,\"arguments\":[]}",
                "{\"target\":\"t\",\"arguments\":{}}",
                "{\"target\":\"t\",\"arguments\":\"[]\"}",
                "{\"target\":\"t\",\"arguments\":[}",
                "{\"target\":\"t\",\"arguments\":[01]}",
                "{\"target\":\"t\",\"arguments\":[1.]}",
                "{\"target\":\"t\",\"arguments\":[tru]}",
                "{\"target\":\"t\",\"arguments\":[]} x",
                "{\"target\":\"t\",\"arguments\":[],}",
                "{\"target\":\"t\\q\",\"arguments\":[]}",
                "{\"target\":\"t\n\",\"arguments\":[]}",
                "{target:\"t\",\"arguments\":[]}",
                "{\"target\":\"t\",\"arguments\":[\"\\u12\"]}",
                "{\"target\":\"t\",\"arguments\":[]} {}",
                "{\"target\":\"t\",\"arguments\":[],\"arguments\":[1]}"
            })
    void rejectsBodiesThatAreNotAMessage(String json) {
        // when / then
        assertThatThrownBy(() -> MessageBody.parse(json)).isInstanceOf(MessageBody.InvalidBodyException.class);
    }

    @Test
    void aSecondTargetIsAnErrorNotTheWinner() {
        // when / then
        assertThatThrownBy(() -> MessageBody.parse("{\"target\":\"a\",\"arguments\":[],\"target\":\"b\"}"))
                .isInstanceOf(MessageBody.InvalidBodyException.class)
                .hasMessage("target is given twice");
        assertThatThrownBy(() -> MessageBody.parse("{\"Target\":\"a\",\"target\":\"b\",\"arguments\":[]}"))
                .hasMessage("target is given twice");
    }

    @Test
    void rejectsDeepNestingWithoutOverflowingTheStack() {
        // given
        String deep = "{\"target\":\"t\",\"arguments\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        // when / then
        assertThatThrownBy(() -> MessageBody.parse(deep)).hasMessageContaining("nested deeper");
    }
}
