package io.signalranon.dispatcher.job;

import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.DispatchItemReader;
import io.signalranon.dispatcher.delivery.DispatchWriter;
import io.signalranon.dispatcher.delivery.ProgressListener;
import io.signalranon.dispatcher.target.ContinuingPartitioner;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.TargetPartitioner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.AmqpTemplate;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.config.annotation.EnableBatchIntegration;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The run partitioned over workers ({@code dispatcher.remote.enabled=true}, and the {@code worker} command): the dispatch step becomes
 * Spring Batch's remote partitioning manager step. It splits the run's targets into key ranges, sends one
 * request per partition (its step execution id) to a RabbitMQ queue and waits for the workers, polling
 * the job repository, which it shares with them: it needs PostgreSQL.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RemoteMode.On.class)
@EnableBatchIntegration
@EnableConfigurationProperties(RemoteProperties.class)
public class RemotePartitioningConfiguration {

    /** The channel of partition requests, between Spring Batch and the broker. */
    static final String REQUESTS = "partitionRequests";

    /** Fails the start on a database that other processes cannot share. */
    @Bean
    public SharedDatabase sharedDatabase(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equalsIgnoreCase(product)) {
                throw new IllegalStateException(
                        "a run split over workers (" + RemoteProperties.ENABLED + "=true, worker) needs PostgreSQL"
                                + " (spring.datasource.url=jdbc:postgresql://...), shared by the manager and the workers;"
                                + " the database is " + product);
            }
        }
        return new SharedDatabase();
    }

    /** Marks that the job repository is on a database the workers share. */
    public static final class SharedDatabase {}

    /** The queue of partition requests, declared when missing; requests that cannot be run go to its dead-letter queue. */
    @Bean
    public Queue partitionRequestQueue(RemoteProperties remote) {
        return QueueBuilder.durable(remote.queue())
                .deadLetterExchange("")
                .deadLetterRoutingKey(remote.deadLetterQueue())
                .build();
    }

    @Bean
    public Queue partitionDeadLetterQueue(RemoteProperties remote) {
        return QueueBuilder.durable(remote.deadLetterQueue()).build();
    }

    @Bean
    public Broker broker(ConnectionFactory connectionFactory, AmqpAdmin amqpAdmin, RemoteProperties remote) {
        return new Broker(connectionFactory, amqpAdmin, remote.queue());
    }

    @Bean(REQUESTS)
    public DirectChannel partitionRequests() {
        return new DirectChannel();
    }

    /** Partition requests to the queue, on the default exchange (persistent messages). */
    @Bean
    public IntegrationFlow partitionRequestsOutbound(
            @Qualifier(REQUESTS) DirectChannel requests, AmqpTemplate amqpTemplate, RemoteProperties remote) {
        return IntegrationFlow.from(requests)
                .handle(Amqp.outboundAdapter(amqpTemplate).routingKey(remote.queue()))
                .get();
    }

    @Bean
    public PartitionPlan partitionPlan(
            DispatchTargetRepository dispatchTargetRepository,
            DeliveryProperties delivery,
            RemoteProperties remote,
            Broker broker) {
        return new PartitionPlan(dispatchTargetRepository, delivery, remote, broker::workersListening);
    }

    /** The run's targets in key ranges, resolved inside the manager step (which knows the job instance). */
    @Bean
    @StepScope
    public ContinuingPartitioner dispatchPartitioner(
            DispatchTargetRepository dispatchTargetRepository,
            PartitionPlan partitionPlan,
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long jobInstanceId) {
        return (gridSize, stored) -> new TargetPartitioner(
                        dispatchTargetRepository,
                        jobInstanceId,
                        Map.of(BatchNames.RATE_SHARERS, partitionPlan.rateSharers(gridSize)))
                .partition(gridSize, stored);
    }

    /** The dispatch step: partitions sent to the workers; a dry run runs here. */
    @Bean
    public Step dispatchStep(
            RemotePartitioningManagerStepBuilderFactory managers,
            @Qualifier(REQUESTS) DirectChannel requests,
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            @Qualifier("dispatchPartitioner") ContinuingPartitioner dispatchPartitioner,
            PartitionPlan partitionPlan,
            RemoteProperties remote,
            DeliveryProperties delivery,
            DispatchItemReader dispatchItemReader,
            DispatchWriter dispatchWriter,
            ProgressListener progressListener,
            Broker broker) {
        Step partitioned = managers.get(BatchNames.DISPATCH_STEP)
                .partitioner(BatchNames.DISPATCH_PARTITION_STEP, dispatchPartitioner)
                .splitter(new PlannedSplitter(
                        jobRepository, BatchNames.DISPATCH_PARTITION_STEP, dispatchPartitioner, partitionPlan))
                .aggregator(new PartitionTotals(jobRepository))
                .outputChannel(requests)
                .pollInterval(remote.pollInterval().toMillis())
                .timeout(remote.timeout().isZero() ? -1 : remote.timeout().toMillis())
                .build();
        Step inProcess = DeliveryConfiguration.dispatchChunks(
                new StepBuilder(BatchNames.DISPATCH_STEP, jobRepository),
                transactionManager,
                delivery,
                dispatchItemReader,
                dispatchWriter,
                progressListener);
        return new RemoteDispatchStep(partitioned, inProcess, jobRepository, broker);
    }

    /** Before a run left behind by a stopped manager is recovered: waits for the workers still running it. */
    @Bean
    public PartitionsInFlight partitionsInFlight(JobRepository jobRepository, Broker broker, RemoteProperties remote) {
        return new PartitionsInFlight(jobRepository, broker, remote);
    }
}
