package io.signalranon.dispatcher.target;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the run's DISPATCH_TARGET rows in key order, a page of {@code pageSize} rows at a time (the
 * step's chunk size, so that a chunk is a page; or fewer, {@linkplain #sizeNextPage(int) as asked}, when the
 * chunk shares its room with messages left pending), and reads each page one page ahead on a helper
 * thread: while a chunk is sent, the next chunk's targets are already read and handed to
 * {@code onPageRead} (which reads what their decisions need), so the step's thread finds them ready
 * between two chunks.
 *
 * <p>Each page is one query from the last key read ({@code USER_ID > ?}, in the primary key's order), so
 * nothing is materialized for the whole run. Its state is the last user id read: a restart goes on
 * after the last committed chunk. A partition of the step reads one key range: its context starts with the
 * user id before the range (as the last one read) and the range's last user id.
 */
public class DispatchTargetReader implements ItemStreamReader<DispatchTarget> {

    /** Execution context key: the user id of the last target read (in the last committed chunk on restart). */
    static final String LAST_USER_ID = "dispatchTargets.lastUserId";
    /** Execution context key: the last user id of the range the reader reads (absent: to the last target). */
    static final String UP_TO_USER_ID = "dispatchTargets.upToUserId";

    private final DispatchTargetRepository targets;
    private final long jobInstanceId;
    private final int pageSize;
    private final Consumer<TargetRange> onPageRead;
    private @Nullable ExecutorService ahead;
    private @Nullable Future<List<DispatchTarget>> nextPage;
    private int nextPageSize; // rows asked for by the page read ahead
    private int sizeAsked; // rows the next page read ahead asks for
    private @Nullable Iterator<DispatchTarget> page;
    private @Nullable String lastUserId;
    private @Nullable String upToUserId;

    /**
     * @param onPageRead called on the helper thread with each page's key range once the page is read
     */
    public DispatchTargetReader(
            DispatchTargetRepository targets, long jobInstanceId, int pageSize, Consumer<TargetRange> onPageRead) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
        }
        this.targets = Objects.requireNonNull(targets, "targets");
        this.jobInstanceId = jobInstanceId;
        this.pageSize = pageSize;
        this.onPageRead = Objects.requireNonNull(onPageRead, "onPageRead");
        this.sizeAsked = pageSize;
    }

    /**
     * Makes the next page read ahead (the one after the page being read, or the first when not open yet)
     * hold at most {@code size} targets instead of a whole page; the pages after it are whole again.
     *
     * @param size 1..pageSize
     */
    public void sizeNextPage(int size) {
        if (size < 1 || size > pageSize) {
            throw new IllegalArgumentException("size must be 1.." + pageSize + ", got " + size);
        }
        sizeAsked = size;
    }

    @Override
    public void open(ExecutionContext context) {
        lastUserId = context.containsKey(LAST_USER_ID) ? context.getString(LAST_USER_ID) : null;
        upToUserId = context.containsKey(UP_TO_USER_ID) ? context.getString(UP_TO_USER_ID) : null;
        page = null;
        ahead = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "dispatch-read-ahead");
            thread.setDaemon(true);
            return thread;
        });
        nextPage = readAhead(lastUserId);
    }

    @Override
    public @Nullable DispatchTarget read() {
        if (page == null || !page.hasNext()) {
            List<DispatchTarget> targets = takeNextPage();
            if (targets.isEmpty()) {
                return null;
            }
            nextPage = targets.size() < nextPageSize
                    ? null
                    : readAhead(targets.get(targets.size() - 1).userId());
            page = targets.iterator();
        }
        DispatchTarget target = page.next();
        lastUserId = target.userId();
        return target;
    }

    /**
     * The next page, if it is already read (without waiting; on the step's thread): the targets of the
     * next chunk once this one's are all read. {@code null} when not read yet or when its read failed.
     */
    public @Nullable List<DispatchTarget> nextPageIfRead() {
        Future<List<DispatchTarget>> next = nextPage;
        if (next == null || !next.isDone()) {
            return null;
        }
        try {
            return next.get();
        } catch (ExecutionException e) {
            return null; // read() reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The user ids a dispatch step's (or partition's) execution context names: where it resumes after, and
     * where its range ends.
     */
    public static Set<String> positions(ExecutionContext context) {
        Set<String> ids = new HashSet<>();
        for (String key : List.of(LAST_USER_ID, UP_TO_USER_ID)) {
            if (context.containsKey(key)) {
                ids.add(context.getString(key));
            }
        }
        return ids;
    }

    /**
     * Moves the positions of a dispatch step's context that name a user id gone from the run's targets (a
     * forgotten user) to the target before it, {@code previous} (null when none is): the step then reads
     * exactly the targets it would have. Where it resumes after goes, when no target is before, so that it
     * reads from the first; where its range ends becomes empty, a range that holds no target.
     *
     * @return whether the context changed
     */
    public static boolean moveOff(ExecutionContext context, String userId, @Nullable String previous) {
        boolean changed = false;
        if (userId.equals(context.containsKey(LAST_USER_ID) ? context.getString(LAST_USER_ID) : null)) {
            if (previous == null) {
                context.remove(LAST_USER_ID);
            } else {
                context.putString(LAST_USER_ID, previous);
            }
            changed = true;
        }
        if (userId.equals(context.containsKey(UP_TO_USER_ID) ? context.getString(UP_TO_USER_ID) : null)) {
            context.putString(UP_TO_USER_ID, previous == null ? "" : previous);
            changed = true;
        }
        return changed;
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastUserId != null) {
            context.putString(LAST_USER_ID, lastUserId);
        }
    }

    /** Stops the helper thread, waiting for a read in progress to end (not interrupted: it may be in H2's file I/O). */
    @Override
    public void close() {
        if (ahead != null) {
            ahead.shutdown();
            try {
                ahead.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ahead = null;
        }
        nextPage = null;
    }

    private Future<List<DispatchTarget>> readAhead(@Nullable String after) {
        ExecutorService executor = Objects.requireNonNull(ahead, "the reader is open");
        int size = sizeAsked;
        nextPageSize = size;
        sizeAsked = pageSize;
        return executor.submit(() -> {
            List<DispatchTarget> read = targets.page(jobInstanceId, after, upToUserId, size);
            if (!read.isEmpty()) {
                onPageRead.accept(TargetRange.of(jobInstanceId, read));
            }
            return read;
        });
    }

    private List<DispatchTarget> takeNextPage() {
        if (nextPage == null) {
            return List.of();
        }
        try {
            return nextPage.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new ItemStreamException(
                            "cannot read the run's targets", Objects.requireNonNullElse(e.getCause(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ItemStreamException("interrupted while reading the run's targets", e);
        } finally {
            nextPage = null;
        }
    }
}
