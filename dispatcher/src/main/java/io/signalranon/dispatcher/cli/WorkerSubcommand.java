package io.signalranon.dispatcher.cli;

import io.signalranon.dispatcher.job.RemoteProperties;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code worker}: run partitions of runs split over machines until SIGTERM. */
@Command(
        name = "worker",
        description = {
            "Run partitions of the dispatch step for managers (run, schedule, restart, reprocess with"
                    + " dispatcher.remote.enabled=true) that share this worker's PostgreSQL database and RabbitMQ"
                    + " queue (dispatcher.remote.queue, spring.rabbitmq.*), one at a time, until SIGTERM: the"
                    + " partition in progress then stops after its chunk commits and goes back to the queue for"
                    + " another worker, and the worker ends with exit code 0. A broker that cannot be reached is exit"
                    + " code 4. With management.server.port set it serves /actuator/prometheus and /actuator/health."
        })
final class WorkerSubcommand implements Subcommand {

    @Override
    public boolean readsPastRuns() {
        return false;
    }

    @Override
    public List<String> settings() {
        return List.of("--" + RemoteProperties.WORKER + "=true");
    }

    @Override
    public ExitCode execute(CommandContext context) throws Exception {
        return context.servingMetrics(
                () -> new WorkerCommand(context.application()).run(context.stop(), context.out(), context.err()));
    }
}
