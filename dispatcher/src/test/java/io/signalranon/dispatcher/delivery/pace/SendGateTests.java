package io.signalranon.dispatcher.delivery.pace;

import static org.assertj.core.api.Assertions.assertThat;

import io.signalranon.client.SendOutcome;
import io.signalranon.client.SendOutcome.Kind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SendGateTests {

    private static final long MS = 1_000_000;
    private static final SendOutcome ACCEPTED = new SendOutcome(Kind.DELIVERED, 202, null, "Accepted", null);
    private static final SendOutcome THROTTLED = new SendOutcome(Kind.RETRYABLE, 429, null, "Too Many Requests", null);
    private static final SendOutcome BAD_REQUEST = new SendOutcome(Kind.PERMANENT, 400, null, "Bad Request", null);
    private static final SendOutcome TIMED_OUT = new SendOutcome(Kind.RETRYABLE, 0, null, "timeout", null);
    private static final SendOutcome BUSY = new SendOutcome(Kind.RETRYABLE, 503, null, "Service Unavailable", null);

    private long now;

    private SendGate adaptive(int min, int initial, int max) {
        return SendGate.adaptive(min, initial, max, Double.POSITIVE_INFINITY, Duration.ofSeconds(60), () -> now);
    }

    /** An adaptive gate from 8 sends up to 512 that gives up after {@code throttled} of nothing but 429s. */
    private SendGate adaptiveGivingUpAfter(Duration throttled) {
        return SendGate.adaptive(1, 8, 512, Double.POSITIVE_INFINITY, Duration.ofSeconds(60), throttled, () -> now);
    }

    /** Admits as many attempts as the gate allows at {@code now}. */
    private static List<SendGate.Permit> admitAll(SendGate gate, long now) {
        List<SendGate.Permit> permits = new ArrayList<>();
        for (SendGate.Admission a = gate.tryAdmit(now); a instanceof SendGate.Permit p; a = gate.tryAdmit(now)) {
            permits.add(p);
        }
        return permits;
    }

    private final Deque<SendGate.Permit> inFlight = new ArrayDeque<>();

    /**
     * Keeps the gate full (waiting for its pacing when there is nothing in flight) and answers
     * {@code responses} sends, oldest first, each 20 ms after it started, with {@code outcome}.
     */
    private void respond(SendGate gate, int responses, SendOutcome outcome) {
        for (int i = 0; i < responses; i++) {
            inFlight.addAll(admitAll(gate, now));
            while (inFlight.isEmpty()) { // paced: wait for the rate
                now = ((SendGate.Wait) gate.tryAdmit(now)).untilNanos();
                inFlight.addAll(admitAll(gate, now));
            }
            SendGate.Permit oldest = inFlight.poll();
            now = Math.max(now, oldest.startNanos() + 20 * MS);
            gate.complete(oldest, now, outcome);
        }
    }

    /**
     * One send admitted at {@code now} (the gate must admit it), answered {@code roundTripNanos} later with
     * {@code outcome}; {@code now} moves on to the answer.
     *
     * @return whether the answer pauses every send
     */
    private boolean sendOne(SendGate gate, long roundTripNanos, SendOutcome outcome) {
        SendGate.Permit permit = (SendGate.Permit) gate.tryAdmit(now);
        now += roundTripNanos;
        return gate.complete(permit, now, outcome);
    }

    private static int limit(SendGate gate) {
        return gate.snapshot().concurrencyLimit();
    }

    @Test
    void theLimitGrowsWhileNothingIsThrottled() {
        // given
        SendGate gate = adaptive(1, 8, 512);

        // when
        respond(gate, 100, ACCEPTED);

        // then: slow start, one more per success
        assertThat(limit(gate)).isEqualTo(108);
    }

    @Test
    void roundTripsFarAboveTheShortestEndTheSlowStartAndTakeTheLimitBack() {
        // given: grown to 108 at round trips of 20 ms
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);
        assertThat(limit(gate)).isEqualTo(108);

        // when: a full limit of sends takes 100 ms each (more than 2 x 20 ms + 5 ms: a queue)
        List<SendGate.Permit> permits = admitAll(gate, now);
        now += 100 * MS;
        for (SendGate.Permit permit : permits) {
            gate.complete(permit, now, ACCEPTED);
        }
        int afterSlow = limit(gate);
        respond(gate, 50, ACCEPTED); // fast again

        // then: it shrank, and grows again by one per round trip, not one per success
        assertThat(afterSlow).isLessThan(108);
        assertThat(limit(gate)).isLessThanOrEqualTo(108);
    }

    /**
     * Keeps the gate full for {@code duration}, every answer accepted after {@code fast}, but those of
     * the sends (numbered from 1) that {@code isSlow} after {@code slow}; the sends {@link #respond}
     * left in flight are answered first.
     */
    private void respondWithSlowOnes(
            SendGate gate, Duration duration, long fast, long slow, java.util.function.IntPredicate isSlow) {
        java.util.PriorityQueue<long[]> answers = new java.util.PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        List<SendGate.Permit> permits = new ArrayList<>();
        long end = now + duration.toNanos();
        int sent = 0;
        for (SendGate.Permit permit = inFlight.poll(); permit != null; permit = inFlight.poll()) {
            permits.add(permit); // in flight from respond(): answered as if fast
            answers.add(new long[] {Math.max(now, permit.startNanos() + fast), permits.size() - 1});
        }
        while (now < end) {
            for (SendGate.Permit permit : admitAll(gate, now)) {
                permits.add(permit);
                answers.add(new long[] {now + (isSlow.test(++sent) ? slow : fast), permits.size() - 1});
            }
            long[] next = answers.poll();
            now = next[0];
            gate.complete(permits.get((int) next[1]), now, ACCEPTED);
        }
    }

    @Test
    void aFewSlowRoundTripsDoNotEndTheSlowStart() {
        // given: a service 20 ms away that answers one send in ten after 100 ms (beyond 2 x 20 ms + 1 ms)
        SendGate gate = adaptive(1, 8, 4096);

        // when: a second of it
        respondWithSlowOnes(gate, Duration.ofSeconds(1), 20 * MS, 100 * MS, n -> n % 10 == 0);

        // then: the slow start went on, one more per success; ended by the first slow answer it would
        // have stopped near 256 and grown by about one per round trip from there
        assertThat(limit(gate)).isEqualTo(4096);
    }

    @Test
    void roundTripsMostlySlowEndTheSlowStart() {
        // given: a service 20 ms away that answers two sends in three after 100 ms
        SendGate gate = adaptive(1, 8, 4096);

        // when
        respondWithSlowOnes(gate, Duration.ofSeconds(1), 20 * MS, 100 * MS, n -> n % 3 != 0);

        // then: the slow start ended within its first round trips, and the limit grew no more
        assertThat(limit(gate)).isLessThan(128);
    }

    @Test
    void afterAThrottlingTheLimitGrowsByOnePerRoundTrip() {
        // given: grown to 108, then cut once to 97 by timeouts (more than a tenth of the last second's
        // answers by more than chance: a signal, not noise)
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);
        respond(gate, 23, TIMED_OUT);
        assertThat(limit(gate)).isEqualTo(97);

        // when: about three round trips of successes
        respond(gate, 3 * 97 + 23, ACCEPTED);

        // then
        assertThat(limit(gate)).isEqualTo(100);
    }

    @Test
    void calmRoundTripsInARowSpeedTheGrowthUpAfterACut() {
        // given: grown to 108, then cut once to 97 by timeouts
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);
        respond(gate, 23, TIMED_OUT);
        assertThat(limit(gate)).isEqualTo(97);

        // when: 2 s of round trips of 20 ms, none slow
        respondWithSlowOnes(gate, Duration.ofSeconds(2), 20 * MS, 20 * MS, n -> false);

        // then: one more per round trip for the first four, then two, four, and eight per round trip;
        // at one per round trip it would be below 200
        assertThat(limit(gate)).isGreaterThan(400);
    }

    @Test
    void roundTripsWithSlowOnesKeepTheGrowthAtOnePerRoundTrip() {
        // given: grown to 108, then cut once to 97 by timeouts
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);
        respond(gate, 23, TIMED_OUT);

        // when: 2 s of round trips of 20 ms, one in four slow (100 ms): no round trip is calm
        respondWithSlowOnes(gate, Duration.ofSeconds(2), 20 * MS, 100 * MS, n -> n % 4 == 0);

        // then: three fast add three quarters of one per round trip, the slow one takes a quarter back
        assertThat(limit(gate)).isBetween(98, 97 + 100 / 2);
    }

    @Test
    void theLimitNeverExceedsItsMaximum() {
        // given
        SendGate gate = adaptive(1, 8, 100);

        // when
        respond(gate, 1000, ACCEPTED);

        // then
        assertThat(limit(gate)).isEqualTo(100);
        assertThat(inFlight).hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void aWholeRoundTripOfThrottledAnswersCutsTheLimitOnce() {
        // given: grown to 108, all in flight
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);
        inFlight.addAll(admitAll(gate, now));

        // when: every send in flight is throttled
        int throttled = inFlight.size();
        while (!inFlight.isEmpty()) {
            gate.complete(inFlight.poll(), now + 20 * MS, THROTTLED);
        }

        // then: one cut, not 108
        assertThat(throttled).isEqualTo(108);
        assertThat(limit(gate)).isEqualTo(97);
        assertThat(gate.snapshot().throttled()).isEqualTo(108);
    }

    @Test
    void theLimitShrinksOnThrottlingWithinABoundedNumberOfResponses() {
        // given: grown to 108, all in flight
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);

        // when: the service starts throttling everything, for 5 round trips of answers
        int before = limit(gate);
        int responses = 0;
        while (limit(gate) > before / 2 && responses <= 7 * before) {
            respond(gate, 1, THROTTLED);
            responses++;
        }

        // then: halved within 7 cuts (0.9^7 < 0.5), i.e. 7 round trips of the shrinking limit
        assertThat(limit(gate)).isLessThanOrEqualTo(before / 2);
        assertThat(responses).isLessThanOrEqualTo(7 * before);
    }

    @Test
    void theLimitStopsAtItsMinimum() {
        // given
        SendGate gate = adaptive(3, 8, 512);

        // when
        respond(gate, 500, TIMED_OUT);

        // then
        assertThat(limit(gate)).isEqualTo(3);
    }

    @Test
    void aPermanentFailureLeavesTheLimitAlone() {
        // given
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 8, ACCEPTED);

        // when
        respond(gate, 100, BAD_REQUEST);

        // then
        assertThat(limit(gate)).isEqualTo(16);
    }

    private static final SendOutcome THROTTLED_FOR_3_S =
            new SendOutcome(Kind.RETRYABLE, 429, null, "throttled", Duration.ofSeconds(3));

    @Test
    void aRetryAfterPausesEverySendUntilThenWhenMostSendsAreThrottled() {
        // given: twelve sends in flight; eleven of them answered 429 with Retry-After: 3 s
        SendGate gate = adaptive(1, 12, 512);
        List<SendGate.Permit> permits = admitAll(gate, now).subList(0, 12);
        List<Boolean> pausesAll = new ArrayList<>();
        for (SendGate.Permit permit : permits.subList(0, 11)) {
            pausesAll.add(gate.complete(permit, now, THROTTLED_FOR_3_S));
        }

        // when: the other one ends well, and sends ask again before and at the end of the pause
        gate.complete(permits.get(11), now + MS, ACCEPTED);
        SendGate.Admission during = gate.tryAdmit(now + 2_999 * MS);
        SendGate.Admission after = gate.tryAdmit(now + 3_000 * MS);

        // then: from the tenth 429 on (ten of ten answers: more than half by more than chance), everyone waits
        assertThat(pausesAll)
                .containsExactly(false, false, false, false, false, false, false, false, false, true, true);
        assertThat(during).isEqualTo(new SendGate.Wait(now + 3_000 * MS));
        assertThat(after).isInstanceOf(SendGate.Permit.class);
    }

    @Test
    void aFewRandom429sDelayOnlyTheirMessageAndLowerNeitherTheRateNorTheLimit() {
        // given: grown to 108 at round trips of 20 ms
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);

        // when: a thousand answers, one in twenty a 429 with Retry-After: 3 s (5%, at random)
        List<Boolean> pausesAll = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (i % 20 == 7) {
                inFlight.addAll(admitAll(gate, now));
                SendGate.Permit permit = inFlight.poll();
                now = Math.max(now, permit.startNanos() + 20 * MS);
                pausesAll.add(gate.complete(permit, now, THROTTLED_FOR_3_S));
            } else {
                respond(gate, 1, ACCEPTED);
            }
        }

        // then: no pause for everyone, no rate, and the limit kept growing
        assertThat(pausesAll).hasSize(50).containsOnly(false);
        assertThat(gate.tryAdmit(now)).isInstanceOf(SendGate.Permit.class);
        assertThat(gate.snapshot().rateLimit()).isInfinite();
        assertThat(limit(gate)).isGreaterThan(108);
        assertThat(gate.snapshot().throttled()).isEqualTo(50);
    }

    @Test
    void aFewRandom429sAmongTheFirstAnswersOfARunAreNoise() {
        // given: a run's first second: 96 deliveries, each after a round trip of 10 ms, and 11 429s with
        // Retry-After answered at once among them (one in ten; by chance, where one in twenty is the service's
        // noise)
        SendGate gate = adaptive(32, 32, 640);
        List<Boolean> pausesAll = new ArrayList<>();
        for (int i = 0; i < 107; i++) {
            boolean throttled = i % 10 == 3;
            SendGate.Permit permit = (SendGate.Permit) gate.tryAdmit(now);
            now += throttled ? MS / 10 : 10 * MS;
            pausesAll.add(gate.complete(permit, now, throttled ? THROTTLED_FOR_3_S : ACCEPTED));
        }

        // then: neither the rate nor the limit is cut, nobody waits for the 429s
        assertThat(gate.snapshot().throttled()).isEqualTo(11);
        assertThat(pausesAll).containsOnly(false);
        assertThat(gate.snapshot().rateLimit()).isInfinite();
        assertThat(limit(gate)).isGreaterThanOrEqualTo(32);
    }

    @Test
    void moreThrottledAnswersThanChanceMakesCutTheRate() {
        // given / when: the same first second, with one answer in four a 429 (until the gate paces the sends)
        SendGate gate = adaptive(32, 32, 640);
        for (int i = 0; i < 107 && gate.snapshot().rateLimit() == Double.POSITIVE_INFINITY; i++) {
            boolean throttled = i % 4 == 3;
            SendGate.Permit permit = (SendGate.Permit) gate.tryAdmit(now);
            now += throttled ? MS / 10 : 10 * MS;
            gate.complete(permit, now, throttled ? THROTTLED_FOR_3_S : ACCEPTED);
        }

        // then: a limit, not noise
        assertThat(gate.snapshot().rateLimit()).isFinite();
    }

    @Test
    void randomTimeoutsAndBusyAnswersDoNotCutTheLimit() {
        // given
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);
        int grown = limit(gate);

        // when: 7% of the answers are 503s and timeouts, at random
        for (int i = 0; i < 1000; i++) {
            respond(gate, 1, i % 100 < 5 ? BUSY : i % 100 < 7 ? TIMED_OUT : ACCEPTED);
        }

        // then
        assertThat(limit(gate)).isGreaterThanOrEqualTo(grown);
    }

    @Test
    void aRetryAfterIsCutToTheLongestHonoured() {
        // given: every send of the last second answered 503 with Retry-After: 60 s
        SendGate gate = SendGate.adaptive(1, 16, 512, Double.POSITIVE_INFINITY, Duration.ofSeconds(2), () -> now);
        List<SendGate.Permit> permits = admitAll(gate, now);

        // when
        for (SendGate.Permit permit : permits) {
            gate.complete(permit, now, new SendOutcome(Kind.RETRYABLE, 503, null, "busy", Duration.ofSeconds(60)));
        }

        // then
        assertThat(gate.tryAdmit(now + 1_999 * MS)).isEqualTo(new SendGate.Wait(now + 2_000 * MS));
        assertThat(gate.tryAdmit(now + 2_000 * MS)).isInstanceOf(SendGate.Permit.class);
    }

    @Test
    void theRateLearntAfterAPauseIsNotMeasuredOverThePause() {
        // given: 1,000 sends/s accepted for a second; then the service is busy for everyone (503 with
        // Retry-After: 1 s for most sends) and every send waits a second
        SendGate gate = adaptive(1, 1, 1);
        for (int i = 0; i < 1000; i++) {
            sendOne(gate, MS, ACCEPTED);
        }
        SendOutcome busyForASecond = new SendOutcome(Kind.RETRYABLE, 503, null, "busy", Duration.ofSeconds(1));
        boolean pausesAll = false;
        while (!pausesAll) {
            pausesAll = sendOne(gate, MS / 100, busyForASecond);
        }
        now = ((SendGate.Wait) gate.tryAdmit(now)).untilNanos();

        // when: 200 ms at 1,000 sends/s accepted again, then the service throttles
        for (int i = 0; i < 200; i++) {
            sendOne(gate, MS, ACCEPTED);
        }
        while (gate.snapshot().rateLimit() == Double.POSITIVE_INFINITY) {
            sendOne(gate, MS / 100, THROTTLED);
        }

        // then: 0.9 of the 1,000/s accepted while sends went, not of 200 sends over a second that was
        // mostly our own pause
        assertThat(gate.snapshot().rateLimit()).isBetween(850.0, 950.0);
    }

    @Test
    void anInterruptedWaiterHandsTheTimerToTheNextOne() throws Exception {
        // given: every send paused for 300 ms (most answered 429 with Retry-After), on the real clock
        SendGate gate = SendGate.fixed(16, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        for (SendGate.Permit permit : admitAll(gate, System.nanoTime())) {
            gate.complete(permit, new SendOutcome(Kind.RETRYABLE, 429, null, "throttled", Duration.ofMillis(300)));
        }
        // one waiter holds the timer, a second waits for a signal
        CompletableFuture<SendGate.Admission> timerHolder = waitAtTheGate(gate);
        awaitState(timerHolder, Thread.State.TIMED_WAITING);
        CompletableFuture<SendGate.Admission> second = waitAtTheGate(gate);
        awaitState(second, Thread.State.WAITING, Thread.State.TIMED_WAITING);

        // when: the timer holder is interrupted
        waiters.get(timerHolder).interrupt();

        // then: the second one is admitted when the pause ends, not left waiting for a signal that never comes
        assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(SendGate.Permit.class);
        assertThat(timerHolder).isCompletedExceptionally();
    }

    @Test
    void aStoppedGateRefusesTheWaitersAndEveryLaterAttempt() throws Exception {
        // given: one send in flight at a limit of one, another waiting for it
        SendGate gate = SendGate.fixed(1, Double.POSITIVE_INFINITY, Duration.ofSeconds(10), System::nanoTime);
        gate.tryAdmit(System.nanoTime());
        CompletableFuture<SendGate.Admission> waiting = waitAtTheGate(gate);
        awaitState(waiting, Thread.State.WAITING, Thread.State.TIMED_WAITING);

        // when
        gate.stop();

        // then
        SendGate.Refused stopped = new SendGate.Refused(SendGate.Why.STOPPED);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(stopped);
        assertThat(gate.tryAdmit(System.nanoTime())).isEqualTo(stopped);
    }

    @Test
    void oneFastOutlierTightensTheRoundTripToleranceForTwoWindowsAtMost() {
        // given: a limit grown at round trips of 20 ms, then one answer in 1 ms
        SendGate gate = adaptive(1, 8, 512);
        respond(gate, 100, ACCEPTED);
        SendGate.Permit outlier = (SendGate.Permit) gate.tryAdmit(now);
        gate.complete(outlier, outlier.startNanos() + MS, ACCEPTED);

        // when: round trips of 20 ms again (beyond 2 x 1 ms + 1 ms: taken for a queue), for 11 s
        long start = now;
        int during = 0;
        while (now - start < 11_000 * MS) {
            respond(gate, 1, ACCEPTED);
            if (now - start < 4_000 * MS) {
                during = limit(gate);
            }
        }

        // then: the limit shrank while the outlier was the shortest, and grows again once its windows passed
        assertThat(during).isLessThan(108);
        assertThat(limit(gate)).isGreaterThan(during);
    }

    private final Map<CompletableFuture<SendGate.Admission>, Thread> waiters = new ConcurrentHashMap<>();

    private CompletableFuture<SendGate.Admission> waitAtTheGate(SendGate gate) {
        CompletableFuture<SendGate.Admission> admission = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                admission.complete(gate.admit());
            } catch (InterruptedException e) {
                admission.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        waiters.put(admission, thread);
        thread.start();
        return admission;
    }

    private void awaitState(CompletableFuture<SendGate.Admission> admission, Thread.State... states)
            throws InterruptedException {
        Thread thread = waiters.get(admission);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!List.of(states).contains(thread.getState())) {
            assertThat(System.nanoTime() - deadline)
                    .as("waited 5 s for " + List.of(states))
                    .isNegative();
            Thread.sleep(1);
        }
    }

    @Test
    void aGateGivesUpOnceTheServiceThrottledEverythingForTheGivenTime() {
        // given: an adaptive gate that gives up after 2 minutes of nothing but 429s
        SendGate gate = adaptiveGivingUpAfter(Duration.ofMinutes(2));
        long start = now;

        // when: every attempt is throttled, one a second, for 2 minutes
        boolean before = gate.givesUp(now);
        respond(gate, 1, THROTTLED);
        while (now - start < 119_000 * MS) {
            now += 1_000 * MS;
            respond(gate, 1, THROTTLED);
        }
        boolean justBefore = gate.givesUp(start + 20 * MS + 119_999 * MS);
        boolean at = gate.givesUp(start + 20 * MS + 120_000 * MS);

        // then: it gives up 2 minutes after the first 429, not before
        assertThat(before).isFalse();
        assertThat(justBefore).isFalse();
        assertThat(at).isTrue();
    }

    @Test
    void oneDeliveryEndsTheGivingUp() {
        // given: a gate that gave up after a minute of 429s
        SendGate gate = adaptiveGivingUpAfter(Duration.ofMinutes(1));
        respond(gate, 1, THROTTLED);
        now += 60_000 * MS;
        assertThat(gate.givesUp(now)).isTrue();

        // when: an attempt let through goes, and is delivered
        respond(gate, 1, ACCEPTED);

        // then: waiting is worth it again, until a new minute of 429s only
        assertThat(gate.givesUp(now)).isFalse();
        respond(gate, 1, THROTTLED);
        assertThat(gate.givesUp(now + 59_999 * MS)).isFalse();
        assertThat(gate.givesUp(now + 60_000 * MS)).isTrue();
    }

    @Test
    void otherFailuresNeitherStartNorEndTheGivingUp() {
        // given
        SendGate gate = adaptiveGivingUpAfter(Duration.ofMinutes(1));

        // when: timeouts and bad requests only, for two minutes; then a 429, and bad requests
        respond(gate, 1, TIMED_OUT);
        now += 120_000 * MS;
        respond(gate, 1, BAD_REQUEST);
        boolean withoutThrottling = gate.givesUp(now);
        respond(gate, 1, THROTTLED);
        long throttledAt = now;
        respond(gate, 1, BAD_REQUEST);

        // then: the minute runs from the 429
        assertThat(withoutThrottling).isFalse();
        assertThat(gate.givesUp(throttledAt + 60_000 * MS)).isTrue();
    }

    @Test
    void aWaitingAdmissionReturnsNothingOnceTheGateGivesUp() throws InterruptedException {
        // given: a fixed gate of one send, given up on (a minute of 429s), its one permit taken
        SendGate gate =
                SendGate.fixed(1, Double.POSITIVE_INFINITY, Duration.ofSeconds(1), Duration.ofMinutes(1), () -> now);
        respond(gate, 1, THROTTLED);
        now += 60_000 * MS;
        SendGate.Admission probe = gate.admit();

        // when: another attempt would have to wait
        SendGate.Admission waiting = gate.admit();

        // then: the probe goes (admitted without waiting), the waiting one does not
        assertThat(probe).isInstanceOf(SendGate.Permit.class);
        assertThat(waiting).isEqualTo(new SendGate.Refused(SendGate.Why.GAVE_UP));
    }

    @Test
    void aThrottlingInTheFirstSecondIsMeasuredAgainstTheTimeSoFar() {
        // given / when: 1,000 sends/s accepted for half a second (one every millisecond, one in flight),
        // then a throttled one
        SendGate gate = acceptedThenThrottled(500);

        // then: 0.9 of 1,000/s, not of 500 sends over a whole second
        assertThat(gate.snapshot().rateLimit()).isBetween(850.0, 950.0);
    }

    /**
     * A gate that sent {@code sends} one at a time, each accepted 1 ms later, then had sends throttled,
     * one every 0.1 ms, until the throttling was a signal (more than a tenth of the last second's answers)
     * and set a rate.
     */
    private SendGate acceptedThenThrottled(int sends) {
        SendGate gate = adaptive(1, 1, 1);
        for (int i = 0; i < sends; i++) {
            sendOne(gate, MS, ACCEPTED);
        }
        while (gate.snapshot().rateLimit() == Double.POSITIVE_INFINITY) {
            sendOne(gate, MS / 10, THROTTLED);
        }
        return gate;
    }

    @Test
    void throttlingsThatGoOnRightAfterACutDoNotCompound() {
        // given: cut to about 900/s after a second at 1,000/s
        SendGate gate = acceptedThenThrottled(1000);
        double cut = gate.snapshot().rateLimit();

        // when: the service, still out of tokens, throttles the next 5 ms of sends (one every 0.2 ms,
        // each admitted after the cut), as at a round trip of a millisecond
        for (int i = 0; i < 25; i++) {
            sendOne(gate, MS / 5, THROTTLED);
        }

        // then: one cut, not one per round trip (0.9 to the 25th would be 65/s)
        assertThat(cut).isBetween(850.0, 950.0);
        assertThat(gate.snapshot().rateLimit()).isEqualTo(cut);
    }

    @Test
    void aThrottlingAfterAMomentWithLittleToSendIsMeasuredOverTheLastSecond() {
        // given: cut to about 900/s after a second at 1,000/s
        SendGate gate = acceptedThenThrottled(1000);
        double cut = gate.snapshot().rateLimit();

        // when: 150 ms with nothing to send (a chunk's tail, messages waiting out their back-off), then one
        // more send, throttled
        now += 150 * MS;
        sendOne(gate, MS, THROTTLED);

        // then: cut on what the service accepted over the last second (about 830), not on the nothing
        // accepted since the last cut (which would take it to the floor)
        assertThat(cut).isBetween(850.0, 950.0);
        assertThat(gate.snapshot().rateLimit()).isBetween(0.9 * 780, 0.9 * 900);
    }

    @Test
    void aSendAtTheLimitWaitsForOneToEnd() {
        // given
        SendGate gate = SendGate.fixed(2, Double.POSITIVE_INFINITY, Duration.ofSeconds(1), () -> now);
        SendGate.Permit first = (SendGate.Permit) gate.tryAdmit(now);
        gate.tryAdmit(now);

        // when
        SendGate.Admission third = gate.tryAdmit(now);
        gate.complete(first, now, THROTTLED);

        // then: a fixed limit does not move
        assertThat(third).isEqualTo(new SendGate.Wait(Long.MAX_VALUE));
        assertThat(gate.tryAdmit(now)).isInstanceOf(SendGate.Permit.class);
        assertThat(gate.snapshot().concurrencyLimit()).isEqualTo(2);
    }

    @Test
    void aMaxRateSpacesTheSendsAfterABurst() {
        // given: 100 sends/s at most, i.e. one each 10 ms, bursts of 100 ms
        SendGate gate = SendGate.fixed(1000, 100, Duration.ofSeconds(1), () -> now);

        // when
        int burst = admitAll(gate, now).size();
        SendGate.Admission next = gate.tryAdmit(now);

        // then
        assertThat(burst).isEqualTo(10);
        assertThat(next).isEqualTo(new SendGate.Wait(now + 10 * MS));
        assertThat(admitAll(gate, now + 10 * MS)).hasSize(1);
    }

    @Test
    void throttlingSetsARateBelowWhatTheServiceAccepted() {
        // given / when: 1,000 sends/s accepted for a second (one every millisecond, one in flight), then a
        // throttled one
        SendGate gate = acceptedThenThrottled(1000);

        // then: 0.9 of the accepted rate
        assertThat(gate.snapshot().rateLimit()).isBetween(850.0, 950.0);
    }
}
