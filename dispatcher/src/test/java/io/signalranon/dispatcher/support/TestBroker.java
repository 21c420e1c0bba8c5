package io.signalranon.dispatcher.support;

import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * The RabbitMQ broker the scale-out tests use: {@code DISPATCHER_TEST_RABBITMQ_HOST} (default 127.0.0.1),
 * port 5672, user guest. Where it does not answer, its tests are skipped with one line on the console,
 * unless {@code -Ddispatcher.test.rabbitmq=required}, which fails them instead.
 */
public final class TestBroker implements AutoCloseable {

    private final CachingConnectionFactory connectionFactory;
    private final RabbitAdmin admin;

    private TestBroker(CachingConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
        this.admin = new RabbitAdmin(connectionFactory);
    }

    /** The broker, or the test skipped (failed where it is required) when it does not answer. */
    public static TestBroker connect() {
        CachingConnectionFactory factory = new CachingConnectionFactory(host(), 5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        try {
            factory.createConnection().close();
        } catch (AmqpException e) {
            factory.destroy();
            String message = "no RabbitMQ broker answers at " + host() + ":5672 (" + e.getMessage() + ")";
            if ("required".equals(System.getProperty("dispatcher.test.rabbitmq"))) {
                throw new IllegalStateException(
                        "RabbitMQ is required (-Ddispatcher.test.rabbitmq=required) but " + message);
            }
            System.out.println("RabbitMQ tests skipped: " + message
                    + " (set DISPATCHER_TEST_RABBITMQ_HOST; -Ddispatcher.test.rabbitmq=required fails instead)");
            Assumptions.abort(message);
        }
        return new TestBroker(factory);
    }

    /** The {@code spring.rabbitmq.*} settings that point a dispatcher at this broker. */
    public java.util.Map<String, String> settings() {
        return java.util.Map.of("spring.rabbitmq.host", host(), "spring.rabbitmq.port", "5672");
    }

    /** How many consumers listen on a queue (0 when it does not exist). */
    public int consumers(String queue) {
        Properties properties = admin.getQueueProperties(queue);
        return properties == null ? 0 : ((Number) properties.get(RabbitAdmin.QUEUE_CONSUMER_COUNT)).intValue();
    }

    /** How many messages wait in a queue (0 when it does not exist). */
    public int messages(String queue) {
        Properties properties = admin.getQueueProperties(queue);
        return properties == null ? 0 : ((Number) properties.get(RabbitAdmin.QUEUE_MESSAGE_COUNT)).intValue();
    }

    public void deleteQueue(String queue) {
        admin.deleteQueue(queue);
    }

    private static String host() {
        String host = System.getenv("DISPATCHER_TEST_RABBITMQ_HOST");
        return host == null || host.isBlank() ? "127.0.0.1" : host;
    }

    @Override
    public void close() {
        connectionFactory.destroy();
    }
}
