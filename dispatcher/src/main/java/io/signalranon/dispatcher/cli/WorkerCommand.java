package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.job.Broker;
import io.signalranon.dispatcher.job.DispatchWorkerConfiguration;
import io.signalranon.dispatcher.operate.GracefulStop;
import io.signalranon.dispatcher.operate.PartitionWorker;
import java.io.PrintStream;
import java.util.Objects;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;

/**
 * {@code worker}: runs partitions of partitioned runs until SIGTERM, which stops it after the chunk in
 * progress (its partition goes back to the queue for another worker) with exit code 0. A broker that
 * does not answer is exit code 4.
 */
public class WorkerCommand {

    private final Broker broker;
    private final PartitionWorker worker;
    private final Lifecycle requests;

    public WorkerCommand(ApplicationContext context) {
        this.broker = context.getBean(Broker.class);
        this.worker = context.getBean(PartitionWorker.class);
        this.requests = context.getBean(DispatchWorkerConfiguration.REQUESTS_INBOUND, Lifecycle.class);
    }

    public ExitCode run(GracefulStop stop, PrintStream out, PrintStream err) throws InterruptedException {
        Objects.requireNonNull(stop, "stop");
        try {
            broker.check();
        } catch (Broker.BrokerUnreachableException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.FAILED_RESTARTABLE;
        }
        stop.instead(worker::requestStop);
        out.println("Worker " + worker.id() + " takes partition requests from queue '" + broker.queue()
                + "' (SIGTERM stops it after the chunk in progress)");
        out.flush();
        worker.run(requests);
        out.println("Worker " + worker.id() + " stopped");
        return ExitCode.COMPLETED;
    }
}
