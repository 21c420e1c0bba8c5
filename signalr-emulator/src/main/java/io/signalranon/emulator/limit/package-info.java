/**
 * The service's limits as the emulator imposes them: rate, units and latency.
 */
@NullMarked
package io.signalranon.emulator.limit;

import org.jspecify.annotations.NullMarked;
