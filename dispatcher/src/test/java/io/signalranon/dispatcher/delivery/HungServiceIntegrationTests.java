package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.DispatcherApplication;
import io.signalranon.dispatcher.cli.ExitCode;
import io.signalranon.dispatcher.cli.RunCommand;
import io.signalranon.dispatcher.cli.RunOptions;
import io.signalranon.dispatcher.support.CartAbandonersRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A run against a service that accepts connections and never answers: the first chunk fails fast, after about
 * twice the response timeout (at most two attempts per message instead of all five), exit 4 with one line.
 */
@SpringBootTest(
        classes = DispatcherApplication.class,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:hung-service-tests;DB_CLOSE_DELAY=-1",
            "dispatcher.report.directory=target/test-reports/hung-service-tests",
            "dispatcher.delivery.chunk-size=4",
            "dispatcher.delivery.concurrency=4",
            "dispatcher.delivery.response-timeout=500ms",
            "dispatcher.delivery.initial-backoff=50ms",
            "dispatcher.delivery.max-backoff=50ms"
        })
class HungServiceIntegrationTests {

    private static final String KEY = "hung-service-tests-key-0123456789";
    private static final SilentServer server = new SilentServer();

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
                () -> "Endpoint=http://localhost;Port=" + server.port() + ";AccessKey=" + KEY + ";Version=1.0;");
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Test
    void aServiceThatNeverAnswersFailsTheFirstChunkFastWithExitCode4AndOneLine() throws IOException {
        // given: 4 users, one chunk
        RunOptions options = CartAbandonersRun.options(dir, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // when
        ExitCode code = runCommand.run(
                options,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        // then
        assertThat(code).isEqualTo(ExitCode.FAILED_RESTARTABLE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("error: the run failed: SignalR service")
                        .contains("not answering")
                        .containsAnyOf("(dispatcher.delivery.response-timeout 500ms)", "Read timed out"))
                .noneSatisfy(line -> assertThat(line).contains(KEY));
        assertThat(server.connections())
                .as("4 messages, at most their first attempt and one retry each (5 attempts each before)")
                .isBetween(4, 8);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM FAILED_SEND", Integer.class))
                .as("the chunk rolled back: restartable, nothing recorded as failed")
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .as("the attempts of the chunk that rolled back are counted all the same")
                .contains("  messages sent 0, failed 0, send attempts " + server.connections());
    }

    /** Accepts connections and never answers (nor closes them until the test ends). */
    private static final class SilentServer implements AutoCloseable {

        private final ServerSocket socket;
        private final Queue<Socket> accepted = new ConcurrentLinkedQueue<>();

        SilentServer() {
            try {
                socket = new ServerSocket(0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(this::accept, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    accepted.add(socket.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket each : accepted) {
                each.close();
            }
        }
    }
}
