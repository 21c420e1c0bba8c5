package io.signalranon.dispatcher.job;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether this process takes part in partitioned runs: as their manager ({@code dispatcher.remote.enabled=true})
 * or as a worker (the {@code worker} command sets {@code dispatcher.remote.worker=true}).
 */
final class RemoteMode {

    private RemoteMode() {}

    static boolean on(ConditionContext context) {
        return context.getEnvironment().getProperty(RemoteProperties.ENABLED, Boolean.class, false) || worker(context);
    }

    static boolean worker(ConditionContext context) {
        return context.getEnvironment().getProperty(RemoteProperties.WORKER, Boolean.class, false);
    }

    /** Partitioned runs: manager or worker. */
    static final class On implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return on(context);
        }
    }

    /** Every run in one process. */
    static final class Off implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !on(context);
        }
    }

    /** A worker process. */
    static final class Worker implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return worker(context);
        }
    }
}
