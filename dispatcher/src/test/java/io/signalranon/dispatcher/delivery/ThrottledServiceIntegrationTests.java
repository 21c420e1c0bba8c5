package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.cli.ExitCode;
import io.signalranon.dispatcher.cli.RunCommand;
import io.signalranon.dispatcher.cli.RunOptions;
import io.signalranon.dispatcher.support.CartAbandonersRun;
import io.signalranon.emulator.SignalREmulator;
import io.signalranon.emulator.fault.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A run against a service that throttles every call, with adaptive sending (the defaults): it ends,
 * every message in FAILED_SEND with status 429, exit 3; no message was accepted.
 */
@SpringBootTest(
        classes = DispatcherApplication.class,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:throttled-service-tests;DB_CLOSE_DELAY=-1",
            "dispatcher.delivery.chunk-size=4",
            "dispatcher.delivery.max-throttled-wait=300ms"
        })
class ThrottledServiceIntegrationTests {

    private static final String KEY = "throttled-service-tests-key-012345";
    private static final int PORT = freePort();
    private static final SignalREmulator emulator = SignalREmulator.builder()
            .port(PORT)
            .accessKey(KEY)
            .faultPlan(FaultPlan.builder().throttle(1.0).build())
            .build()
            .start();

    @Autowired
    RunCommand runCommand;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @DynamicPropertySource
    static void signalr(DynamicPropertyRegistry registry) {
        registry.add(
                "dispatcher.signalr.connection-string",
                () -> "Endpoint=http://localhost;Port=" + PORT + ";AccessKey=" + KEY + ";Version=1.0;");
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRunAgainstAServiceThatThrottlesEverythingEndsWithItsMessagesRecordedForReprocess() throws IOException {
        // given: 6 users, a catalog without holdout
        RunOptions options = CartAbandonersRun.options(dir, 6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        // when
        ExitCode code = runCommand.run(options, print, print);

        // then
        assertThat(code).isEqualTo(ExitCode.SEND_FAILURES);
        assertThat(emulator.acceptedCount()).isZero();
        assertThat(jdbc.queryForList("SELECT STATUS FROM FAILED_SEND", Integer.class))
                .hasSize(6)
                .allMatch(status -> status == 429);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("throttled attempts");
    }
}
