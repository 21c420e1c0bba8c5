package io.signalranon.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signalranon.client.SendOutcome;
import io.signalranon.dispatcher.delivery.pace.RetrySchedule;
import io.signalranon.dispatcher.delivery.pace.SendGate;
import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.offer.DispatchItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The send threads of a chunk follow the gate's limit: as many work as may send, none waits at the
 * gate for nothing, and more start as the limit grows; a message that must wait does not hold the
 * chunk; a stop ends it at once.
 */
class ConcurrentSenderTests {

    private static final SendOutcome ACCEPTED = new SendOutcome(SendOutcome.Kind.DELIVERED, 202, null, null, null);
    private static final SendOutcome BUSY =
            new SendOutcome(SendOutcome.Kind.RETRYABLE, 500, null, "Internal Server Error", null);
    private static final RetrySchedule SCHEDULE =
            new RetrySchedule(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inTransport = new AtomicInteger();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private ConcurrentSender sender;

    @AfterEach
    void close() {
        release.countDown();
        if (sender != null) {
            sender.close();
        }
    }

    @Test
    void noSendThreadWaitsAtTheGateWhileTheLimitIsFull() throws Exception {
        // given: a limit of 4 that may grow to 64, 64 send threads, and a service that answers only when released
        SendGate gate = SendGate.adaptive(1, 4, 64, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        sender = open(gate, user -> ACCEPTED, 64);

        // when
        CompletableFuture<ConcurrentSender.Outcomes> chunk = sendAllAsync(messages(200));

        // then: four sends wait for the service, and no thread waits at the gate for a permit
        awaitTrue(() -> inTransport.get() == 4);
        assertThat(threadsWaitingAtTheGate()).isZero();

        // and when the service answers, the limit grows and more threads send, until all are delivered
        release.countDown();
        ConcurrentSender.Outcomes outcomes = chunk.get(30, TimeUnit.SECONDS);
        assertThat(outcomes.delivered()).hasSize(200);
        assertThat(outcomes.failed()).isEmpty();
        assertThat(gate.concurrencyLimit()).isGreaterThan(4);
    }

    @Test
    void messagesThatMustWaitComeBackDeferredAndTheOthersAreSentMeanwhile() throws Exception {
        // given: a limit of 4; the first four users' first attempts fail (a back-off of 100 ms)
        SendGate gate = SendGate.adaptive(4, 4, 4, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        List<String> failingFirst = List.of("user-0", "user-1", "user-2", "user-3");
        release.countDown();
        sender = open(gate, user -> failingFirst.contains(user) && attempted.add(user + "#1") ? BUSY : ACCEPTED, 16);

        // when
        ConcurrentSender.Outcomes outcomes = sender.sendAll(messages(100));

        // then: the chunk did not wait for them; they come back deferred, due within the back-off
        assertThat(outcomes.delivered()).hasSize(96);
        assertThat(outcomes.deferred())
                .extracting(deferred -> deferred.message().userId())
                .containsExactlyInAnyOrderElementsOf(failingFirst);
        assertThat(outcomes.deferred()).allSatisfy(deferred -> {
            assertThat(deferred.progress().attempts()).isEqualTo(1);
            assertThat(deferred.dueAt()).isBefore(Instant.now().plusMillis(150));
        });
    }

    @Test
    void toTheEndSendsTheDeferredMessagesWhenDue() {
        // given
        SendGate gate = SendGate.adaptive(4, 4, 4, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        List<String> failingFirst = List.of("user-0", "user-1", "user-2", "user-3");
        release.countDown();
        sender = open(gate, user -> failingFirst.contains(user) && attempted.add(user + "#1") ? BUSY : ACCEPTED, 16);

        // when
        ConcurrentSender.Outcomes outcomes =
                sender.sendAllToTheEnd(sender.unstarted(messages(100)), List.of(), delivered -> {});

        // then: every message delivered, the four on their second attempt
        assertThat(outcomes.deferred()).isEmpty();
        assertThat(outcomes.delivered()).hasSize(100);
        assertThat(outcomes.delivered().stream()
                        .filter(result -> result.attempts() == 2)
                        .map(result -> result.message().userId()))
                .containsExactlyInAnyOrderElementsOf(failingFirst);
    }

    @Test
    void messagesAlreadyDueAreSentWithTheBatchNotAfterIt() throws Exception {
        // given: two users to send to, and a message left pending that is due already
        SendGate gate = SendGate.adaptive(4, 4, 4, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        sender = open(gate, user -> ACCEPTED, 16);
        OutgoingMessage pending = new OutgoingMessage("user-pending", "id-pending", "{}", List.of(), null);
        ConcurrentSender.Retry due = new ConcurrentSender.Retry(
                pending, RetryingSender.Progress.NONE, sender.clock().instant().minusSeconds(1));

        // when
        CompletableFuture<ConcurrentSender.Outcomes> outcomes = CompletableFuture.supplyAsync(
                () -> sender.sendAllDue(sender.unstarted(messages(2)), List.of(due), delivered -> {}));

        // then: the three are in flight together (a round of its own would wait for the first two to end)
        awaitTrue(() -> inTransport.get() == 3);
        release.countDown();
        assertThat(outcomes.get(30, TimeUnit.SECONDS).delivered())
                .extracting(result -> result.message().userId())
                .containsExactlyInAnyOrder("user-0", "user-1", "user-pending");
    }

    @Test
    void aRoundOfRetriesWhereNoneIsDeliveredIsNotASystemicFailureWhenTheBatchDeliveredOthers() {
        // given: one user's sends never get an answer (status 0, each attempt), the others' are delivered
        SendGate gate = SendGate.adaptive(4, 4, 4, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        SendOutcome noAnswer = new SendOutcome(SendOutcome.Kind.RETRYABLE, 0, null, "no response", null);
        release.countDown();
        sender = open(gate, user -> user.equals("user-7") ? noAnswer : ACCEPTED, 16);

        // when: its retries come in rounds of their own, which deliver nothing
        ConcurrentSender.Outcomes outcomes =
                sender.sendAllToTheEnd(sender.unstarted(messages(20)), List.of(), delivered -> {});

        // then: that one message failed after all its attempts, and the batch went on
        assertThat(outcomes.delivered()).hasSize(19);
        assertThat(outcomes.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.message().userId()).isEqualTo("user-7");
            assertThat(failed.attempts()).isEqualTo(SCHEDULE.maxAttempts());
        });
    }

    @Test
    void aBatchWhereNoSendIsEverAnsweredIsASystemicFailure() {
        // given: nothing ever answers
        SendGate gate = SendGate.adaptive(4, 4, 4, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        SendOutcome noAnswer = new SendOutcome(SendOutcome.Kind.RETRYABLE, 0, null, "no response", null);
        sender = open(gate, user -> noAnswer, 16);

        // when
        Throwable thrown =
                catchThrowable(() -> sender.sendAllToTheEnd(sender.unstarted(messages(5)), List.of(), delivered -> {}));

        // then
        assertThat(thrown)
                .isInstanceOf(SystemicDeliveryException.class)
                .hasMessageContaining("all 5 sends of a chunk failed");
    }

    @Test
    void aStopEndsTheChunkAsSoonAsTheSendsInFlightEndedAndLeavesTheRestDeferred() throws Exception {
        // given: a limit of 4, a service that answers only when released, and a stop asked for
        SendGate gate = SendGate.fixed(4, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        AtomicBoolean stop = new AtomicBoolean();
        sender = new ConcurrentSender(
                new RetryingSender(answering(user -> ACCEPTED), SCHEDULE, gate),
                8,
                SendObserver.NONE,
                StallWatch.none(),
                stop::get);
        sender.open(0);
        CompletableFuture<ConcurrentSender.Outcomes> chunk = sendAllAsync(messages(100));
        awaitTrue(() -> inTransport.get() == 4);

        // when
        stop.set(true);
        awaitTrue(gate::stopped);
        release.countDown();
        ConcurrentSender.Outcomes outcomes = chunk.get(30, TimeUnit.SECONDS);

        // then: the four in flight delivered, the 96 others not sent and left for later, due at once
        assertThat(outcomes.delivered()).hasSize(4);
        assertThat(outcomes.failed()).isEmpty();
        assertThat(outcomes.deferred())
                .hasSize(96)
                .allSatisfy(
                        deferred -> assertThat(deferred.progress().attempts()).isZero());
        assertThat(attempted).hasSize(4);
    }

    @Test
    void aFailingPieceOfWorkFailsTheChunkOnlyAfterTheOthersEnded() {
        // given
        SendGate gate = SendGate.fixed(8, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        release.countDown();
        sender = open(gate, user -> ACCEPTED, 8);
        List<ConcurrentSender.Work> work = new ArrayList<>(messages(50));
        work.set(7, new ConcurrentSender.Decide(() -> {
            throw new IllegalStateException("no decision for user-7");
        }));

        // when / then
        assertThat(catchThrowable(() -> sender.sendAll(work)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no decision for user-7");
        assertThat(attempted).as("every other user was sent to").hasSize(49).doesNotContain("user-7");
    }

    @Test
    void anEmptyChunkEndsAtOnce() {
        SendGate gate = SendGate.adaptive(1, 4, 64, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        sender = open(gate, user -> ACCEPTED, 64);

        ConcurrentSender.Outcomes outcomes = sender.sendAll(List.of());

        assertThat(outcomes.delivered()).isEmpty();
        assertThat(outcomes.withheld()).isEmpty();
    }

    private ConcurrentSender open(SendGate gate, Function<String, SendOutcome> answer, int threads) {
        ConcurrentSender opened = new ConcurrentSender(new RetryingSender(answering(answer), SCHEDULE, gate), threads);
        opened.open(0);
        return opened;
    }

    /** A transport that answers a failure at once, and a delivery once released (recording the user). */
    private MessageTransport answering(Function<String, SendOutcome> answer) {
        return (userId, body) -> {
            SendOutcome outcome = answer.apply(userId);
            if (!outcome.delivered()) {
                return outcome; // at once
            }
            inTransport.incrementAndGet();
            try {
                release.await();
                attempted.add(userId);
                return outcome;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SendOutcome(SendOutcome.Kind.RETRYABLE, 0, null, "interrupted", null);
            } finally {
                inTransport.decrementAndGet();
            }
        };
    }

    private CompletableFuture<ConcurrentSender.Outcomes> sendAllAsync(List<ConcurrentSender.Work> work) {
        return CompletableFuture.supplyAsync(() -> sender.sendAll(work));
    }

    private static List<ConcurrentSender.Work> messages(int count) {
        List<ConcurrentSender.Work> work = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OutgoingMessage message = new OutgoingMessage("user-" + i, "id-" + i, "{}", List.of(), null);
            work.add(new ConcurrentSender.Decide(() -> new DispatchItem.Send(message)));
        }
        return work;
    }

    /** Send threads parked in {@link SendGate#admit()}. */
    private static long threadsWaitingAtTheGate() {
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        return stacks.entrySet().stream()
                .filter(entry -> entry.getKey().getName().startsWith("signalr-send-"))
                .filter(entry -> Arrays.stream(entry.getValue())
                        .anyMatch(frame -> frame.getClassName().equals(SendGate.class.getName())
                                && frame.getMethodName().equals("admit")))
                .count();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited 30 s").isNegative();
            Thread.sleep(5);
        }
    }
}
