/**
 * The pace of the sends: which attempt may start now ({@link io.signalranon.dispatcher.delivery.pace.SendGate}:
 * sends in flight, send rate, {@code Retry-After} pauses) and when a message is tried again
 * ({@link io.signalranon.dispatcher.delivery.pace.RetrySchedule}). It knows outcomes and clocks, nothing of
 * messages, chunks or tables.
 */
@NullMarked
package io.signalranon.dispatcher.delivery.pace;

import org.jspecify.annotations.NullMarked;
