package io.signalranon.dispatcher.support;

import io.signalranon.dispatcher.target.DispatchTarget;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** What a dispatch step (or a partition of it) reads from a context: its users, in order. */
public final class TargetRanges {

    private TargetRanges() {}

    /** The user ids a {@link DispatchTargetReader} opened on {@code context} reads, to the end of its range. */
    public static List<String> userIds(DispatchTargetRepository targets, long jobInstanceId, ExecutionContext context) {
        DispatchTargetReader reader = new DispatchTargetReader(targets, jobInstanceId, 3, range -> {});
        List<String> users = new ArrayList<>();
        reader.open(new ExecutionContext(context));
        try {
            for (DispatchTarget target = reader.read(); target != null; target = reader.read()) {
                users.add(target.userId());
            }
        } finally {
            reader.close();
        }
        return users;
    }
}
