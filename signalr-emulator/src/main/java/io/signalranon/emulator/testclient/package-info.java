/**
 * A minimal hub client for tests: connects, and collects the invocations it receives.
 */
@NullMarked
package io.signalranon.emulator.testclient;

import org.jspecify.annotations.NullMarked;
