package io.signalranon.dispatcher.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.signalranon.dispatcher.delivery.DeliveryProperties;
import io.signalranon.dispatcher.delivery.DispatchItemReader;
import io.signalranon.dispatcher.delivery.DispatchWriter;
import io.signalranon.dispatcher.delivery.ProgressListener;
import io.signalranon.dispatcher.metrics.MetricNames;
import io.signalranon.dispatcher.operate.PartitionWorker;
import io.signalranon.dispatcher.operate.RunProperties;
import java.util.Locale;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A worker ({@code worker} command): takes partition requests from the queue one at a time (prefetch 1,
 * one consumer) and runs each partition of the dispatch step: today's reader, decisions, sender and
 * failure recording, over the partition's range of users. The request is acknowledged once its partition
 * ended, so a worker that dies leaves it to another; a request that cannot be run at all (an unreadable
 * payload, an unknown step execution) goes to the dead-letter queue instead of coming back.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(RemoteMode.Worker.class)
public class DispatchWorkerConfiguration {

    /** The partition requests' listener: started by the {@code worker} command once the broker answers. */
    public static final String REQUESTS_INBOUND = "partitionRequestListener";

    @Bean(BatchNames.DISPATCH_PARTITION_STEP) // Spring Batch's step locator finds the step by this name
    public Step dispatchPartitionStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            DeliveryProperties delivery,
            DispatchItemReader dispatchItemReader,
            DispatchWriter dispatchWriter,
            ProgressListener progressListener,
            PartitionWorker partitionWorker) {
        return DeliveryConfiguration.dispatchChunks(
                new StepBuilder(BatchNames.DISPATCH_PARTITION_STEP, jobRepository)
                        .listener((StepExecutionListener) partitionWorker),
                transactionManager,
                delivery,
                dispatchItemReader,
                dispatchWriter,
                progressListener);
    }

    @Bean
    public PartitionWorker partitionWorker(
            JobRepository jobRepository, BeanFactory beanFactory, RunProperties run, MeterRegistry meters) {
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(jobRepository);
        BeanFactoryStepLocator steps = new BeanFactoryStepLocator();
        steps.setBeanFactory(beanFactory);
        handler.setStepLocator(steps);
        return new PartitionWorker(
                handler,
                jobRepository,
                run.host(),
                BatchNames.WORKER,
                partition -> meters.counter(
                                MetricNames.PARTITIONS,
                                MetricNames.STATUS,
                                partition.getStatus().name().toLowerCase(Locale.ROOT),
                                MetricNames.WORKER,
                                partition.getExecutionContext().getString(BatchNames.WORKER, "-"))
                        .increment());
    }

    @Bean
    public IntegrationFlow partitionRequestsInbound(
            ConnectionFactory connectionFactory,
            RemoteProperties remote,
            RunProperties run,
            PartitionWorker partitionWorker,
            @Qualifier("partitionRequestQueue") org.springframework.amqp.core.Queue queue) {
        SimpleMessageConverter converter = new SimpleMessageConverter();
        converter.addAllowedListPatterns(StepExecutionRequest.class.getName());
        return IntegrationFlow.from(Amqp.inboundAdapter(connectionFactory, queue.getName())
                        .id(REQUESTS_INBOUND)
                        .autoStartup(false)
                        .messageConverter(converter)
                        .configureContainer(container -> container
                                .concurrentConsumers(1) // one partition at a time
                                .prefetchCount(1) // the default (250) would hoard the requests of every partition
                                .defaultRequeueRejected(
                                        false) // a request that fails to run goes to the dead-letter queue
                                .shutdownTimeout(run.stopTimeout().toMillis()))) // the partition in progress stops
                .handle(StepExecutionRequest.class, (request, headers) -> {
                    partitionWorker.handle(request);
                    return null;
                })
                .get();
    }
}
