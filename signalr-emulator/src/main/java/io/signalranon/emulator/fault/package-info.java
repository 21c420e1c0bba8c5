/**
 * Faults injected into the REST API on purpose, to test how callers cope.
 */
@NullMarked
package io.signalranon.emulator.fault;

import org.jspecify.annotations.NullMarked;
