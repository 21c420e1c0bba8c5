package io.signalranon.dispatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.Visitor;
import io.signalranon.dispatcher.support.TargetRanges;
import io.signalranon.dispatcher.support.TestDatabase;
import io.signalranon.dispatcher.target.ContinuingPartitioner;
import io.signalranon.dispatcher.target.DispatchTargetReader;
import io.signalranon.dispatcher.target.DispatchTargetRepository;
import io.signalranon.dispatcher.target.TargetPartitioner;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A restarted run splits its dispatch step again with the grid size of its first execution and runs again
 * the partitions of that name not completed, with their own checkpoints.
 */
class PlannedSplitterTests {

    private final DataSource dataSource = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final DispatchTargetRepository targets = new DispatchTargetRepository(jdbc);
    private final JobRepository jobRepository = jobRepository(dataSource);

    @Test
    void aRestartAfterUsersAreForgottenRunsEveryPartitionNotCompletedAlsoWithFewerUsersLeftThanPartitions()
            throws Exception {
        // given: 8 users in 4 partitions of 2 (chunk size 2, one worker); p000 and p001 done, p002 and p003 failed
        JobParameters parameters = new JobParameters();
        JobInstance instance = runOfEightUsers(parameters);
        PlannedSplitter splitter = splitter(instance.getInstanceId());
        JobExecution first = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution manager = jobRepository.createStepExecution(BatchNames.DISPATCH_STEP, first);
        Map<String, StepExecution> split = byName(splitter.split(manager, 1));
        assertThat(split).containsOnlyKeys("p000", "p001", "p002", "p003");
        assertThat(manager.getExecutionContext().getLong(PlannedSplitter.GRID_SIZE))
                .isEqualTo(4);
        for (StepExecution partition : split.values()) {
            boolean done = partition.getStepName().endsWith("p000")
                    || partition.getStepName().endsWith("p001");
            end(partition, done ? BatchStatus.COMPLETED : BatchStatus.FAILED);
        }
        end(manager, BatchStatus.FAILED);
        first.setStatus(BatchStatus.FAILED);
        first.setEndTime(LocalDateTime.now());
        jobRepository.update(first);

        // when: five users are forgotten (as the forget command does: targets deleted, checkpoints moved off)
        for (int i = 0; i < 5; i++) {
            forget(instance.getInstanceId(), first, user(i));
        }
        ExecutionContext managerContext = new ExecutionContext(
                jobRepository.getStepExecution(first.getId(), manager.getId()).getExecutionContext());
        JobExecution restart = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution restartedManager = jobRepository.createStepExecution(BatchNames.DISPATCH_STEP, restart);
        restartedManager.setExecutionContext(managerContext);
        Map<String, StepExecution> again = byName(splitter.split(restartedManager, 1));

        // then: the three users left fewer than the four partitions, and the last partition runs again too
        assertThat(again).containsOnlyKeys("p002", "p003");
        List<String> read = new ArrayList<>();
        for (StepExecution partition : again.values()) {
            read.addAll(readAll(instance.getInstanceId(), partition.getExecutionContext()));
        }
        assertThat(read).containsExactly(user(5), user(6), user(7));
    }

    @Test
    void aRestartAfterACrashWhileThePartitionsWereCreatedAndAForgetReadsEveryUserLeftOnce() throws Exception {
        // given: 8 users in 4 partitions, the manager stopped once p000 and p001 were created (ending at
        // user 1 and user 3); then user 0 is forgotten, after which the targets split in 4 start p002 after
        // user 4, past the end of the stored p001
        assertThat(readOnRestartAfterCrash(2, List.of(0))).containsExactly(users(1, 8));
    }

    @Test
    void aRestartAfterACrashWhileThePartitionsWereCreatedAndAForgetOfLaterUsersReadsNoUserTwice() throws Exception {
        // given: as before, then users 5 to 7 are forgotten, after which the targets split in 4 start p002
        // after user 2, before the end of the stored p001
        assertThat(readOnRestartAfterCrash(2, List.of(5, 6, 7))).containsExactly(users(0, 5));
    }

    @Test
    void aRestartAfterACrashBetweenCreatingAPartitionAndStoringItsContextReadsEveryUserOnce() throws Exception {
        // given: 8 users in 4 partitions, the manager stopped once p001 was created but before its context
        // (its range) was stored: read as it is, its empty context would be every user
        assertThat(readOnRestartAfterCrash(2, List.of(), false)).containsExactly(users(0, 8));
    }

    @Test
    void aRestartAfterACrashBetweenCreatingAPartitionAndStoringItsContextAndAForgetReadsEveryUserLeftOnce()
            throws Exception {
        // given: as before, then user 0 is forgotten
        assertThat(readOnRestartAfterCrash(2, List.of(0), false)).containsExactly(users(1, 8));
    }

    /**
     * The users read by every partition of a restart (of 8 users in 4 partitions) after the manager
     * stopped when it had created the first {@code created} partitions and {@code forgotten} were forgotten.
     */
    private List<String> readOnRestartAfterCrash(int created, List<Integer> forgotten) throws Exception {
        return readOnRestartAfterCrash(created, forgotten, true);
    }

    /**
     * As {@link #readOnRestartAfterCrash(int, List)}; without {@code lastContextSaved}, the manager stopped
     * between creating the last of them and storing its context.
     */
    private List<String> readOnRestartAfterCrash(int created, List<Integer> forgotten, boolean lastContextSaved)
            throws Exception {
        JobParameters parameters = new JobParameters();
        JobInstance instance = runOfEightUsers(parameters);
        // as the splitter stores them: the grid size in the manager's context, then one partition at a time
        // in name order, each created and then given its context
        JobExecution first = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution manager = jobRepository.createStepExecution(BatchNames.DISPATCH_STEP, first);
        manager.getExecutionContext().putLong(PlannedSplitter.GRID_SIZE, 4);
        jobRepository.updateExecutionContext(manager);
        Map<String, ExecutionContext> planned =
                new TargetPartitioner(targets, instance.getInstanceId(), Map.of()).partition(4);
        assertThat(planned.get("p001").getString("dispatchTargets.upToUserId")).isEqualTo(user(3));
        for (int i = 0; i < created; i++) {
            StepExecution partition = jobRepository.createStepExecution(
                    BatchNames.DISPATCH_PARTITION_STEP + ":" + TargetPartitioner.name(i), first);
            if (lastContextSaved || i < created - 1) {
                partition.setExecutionContext(planned.get(TargetPartitioner.name(i)));
                jobRepository.updateExecutionContext(partition);
            }
            end(partition, BatchStatus.FAILED); // as a restart finds a partition left STARTING
        }
        end(manager, BatchStatus.FAILED);
        first.setStatus(BatchStatus.FAILED);
        first.setEndTime(LocalDateTime.now());
        jobRepository.update(first);
        for (int i : forgotten) {
            forget(instance.getInstanceId(), first, user(i));
        }

        // when
        ExecutionContext managerContext = new ExecutionContext(
                jobRepository.getStepExecution(first.getId(), manager.getId()).getExecutionContext());
        JobExecution restart = jobRepository.createJobExecution(instance, parameters, new ExecutionContext());
        StepExecution restartedManager = jobRepository.createStepExecution(BatchNames.DISPATCH_STEP, restart);
        restartedManager.setExecutionContext(managerContext);
        Map<String, StepExecution> again =
                byName(splitter(instance.getInstanceId()).split(restartedManager, 1));

        // then: every partition runs, the stored ones with their stored contexts
        assertThat(again).containsOnlyKeys("p000", "p001", "p002", "p003");
        List<String> read = new ArrayList<>();
        for (StepExecution partition : again.values()) {
            read.addAll(readAll(instance.getInstanceId(), partition.getExecutionContext()));
        }
        read.sort(null);
        return read;
    }

    /** A run of the dispatch job whose targets are users 0 to 7. */
    private JobInstance runOfEightUsers(JobParameters parameters) {
        JobInstance instance = jobRepository.createJobInstance(BatchNames.DISPATCH_JOB, parameters);
        for (int i = 0; i < 8; i++) {
            jdbc.update(
                    "INSERT INTO DISPATCH_TARGET (JOB_INSTANCE_ID, USER_ID, CDP_ID, WITHHELD) VALUES (?, ?, ?, NULL)",
                    instance.getInstanceId(),
                    user(i),
                    "cdp-" + i);
        }
        return instance;
    }

    private static String[] users(int from, int to) {
        return IntStream.range(from, to).mapToObj(PlannedSplitterTests::user).toArray(String[]::new);
    }

    private void forget(long instanceId, JobExecution execution, String userId) {
        targets.forget(new Visitor(Set.of(userId), Set.of()), new ForgetTally());
        for (StepExecution step :
                jobRepository.getJobExecution(execution.getId()).getStepExecutions()) {
            if (DispatchTargetReader.moveOff(
                    step.getExecutionContext(), userId, targets.lastUserBefore(instanceId, userId))) {
                jobRepository.updateExecutionContext(step);
            }
        }
    }

    private void end(StepExecution step, BatchStatus status) {
        step.setStatus(status);
        step.setExitStatus(status == BatchStatus.COMPLETED ? ExitStatus.COMPLETED : ExitStatus.FAILED);
        step.setStartTime(LocalDateTime.now());
        step.setEndTime(LocalDateTime.now());
        jobRepository.update(step);
    }

    private PlannedSplitter splitter(long instanceId) {
        ContinuingPartitioner partitioner =
                (gridSize, stored) -> new TargetPartitioner(targets, instanceId, Map.of()).partition(gridSize, stored);
        PartitionPlan plan = PartitionPlanTests.plan(targets, 2, null, 1);
        return new PlannedSplitter(jobRepository, BatchNames.DISPATCH_PARTITION_STEP, partitioner, plan);
    }

    private List<String> readAll(long instanceId, ExecutionContext context) {
        return TargetRanges.userIds(targets, instanceId, context);
    }

    private static Map<String, StepExecution> byName(Set<StepExecution> steps) {
        Map<String, StepExecution> byName = new TreeMap<>();
        for (StepExecution step : steps) {
            byName.put(DispatchPartitions.name(step), step);
        }
        return byName;
    }

    private static JobRepository jobRepository(DataSource dataSource) {
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(new JdbcTransactionManager(dataSource));
        try {
            factory.afterPropertiesSet();
            return factory.getObject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String user(int i) {
        return String.format(Locale.ROOT, "user-%03d", i);
    }
}
