package io.signalranon.dispatcher.job;

import java.util.Objects;
import java.util.Optional;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/** The RabbitMQ broker that carries a partitioned run's requests, and its queue. */
public class Broker {

    private final ConnectionFactory connectionFactory;
    private final AmqpAdmin admin;
    private final String queue;

    public Broker(ConnectionFactory connectionFactory, AmqpAdmin admin, String queue) {
        this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /**
     * Connects (which declares the queues when missing).
     *
     * @throws BrokerUnreachableException naming the broker (never its credentials)
     */
    public void check() {
        try {
            connectionFactory.createConnection().close();
        } catch (AmqpException e) {
            throw new BrokerUnreachableException("cannot reach the RabbitMQ broker at " + connectionFactory.getHost()
                    + ":" + connectionFactory.getPort() + " (spring.rabbitmq.*): " + rootMessage(e));
        }
    }

    /** The queue of partition requests. */
    public String queue() {
        return queue;
    }

    /** How many workers listen on the queue now (0 when it cannot tell). */
    public int workersListening() {
        return information().map(QueueInformation::getConsumerCount).orElse(0);
    }

    /** How many requests wait in the queue, not yet taken by a worker (0 when it cannot tell). */
    public long requestsWaiting() {
        return information().map(QueueInformation::getMessageCount).orElse(0L);
    }

    private Optional<QueueInformation> information() {
        try {
            return Optional.ofNullable(admin.getQueueInfo(queue));
        } catch (AmqpException e) {
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The broker does not answer. */
    public static class BrokerUnreachableException extends RuntimeException {

        public BrokerUnreachableException(String message) {
            super(message, null, false, false);
        }
    }
}
