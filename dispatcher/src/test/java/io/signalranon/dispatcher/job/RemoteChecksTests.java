package io.signalranon.dispatcher.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signalranon.dispatcher.support.TestDatabase;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/** What a partitioned run checks before it starts: a shared database, a broker that answers. */
class RemoteChecksTests {

    @Test
    void anH2DatabaseIsRefusedNamingTheSettingAndPostgresql() {
        assertThatThrownBy(() -> new RemotePartitioningConfiguration().sharedDatabase(TestDatabase.create()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "a run split over workers (dispatcher.remote.enabled=true, worker) needs PostgreSQL (spring.datasource.url=")
                .hasMessageEndingWith("the database is H2");
    }

    @Test
    void aBrokerThatDoesNotAnswerIsOneLineNamingItsAddressAndNoSecret() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", port);
        factory.setPassword("not-to-be-shown");
        try {
            Broker broker = new Broker(factory, new RabbitAdmin(factory), "q");
            assertThatThrownBy(broker::check)
                    .isInstanceOf(Broker.BrokerUnreachableException.class)
                    .hasMessageStartingWith(
                            "cannot reach the RabbitMQ broker at 127.0.0.1:" + port + " (spring.rabbitmq.*): ")
                    .hasMessageNotContaining("not-to-be-shown")
                    .hasMessageNotContaining("\n");
        } finally {
            factory.destroy();
        }
    }
}
