/**
 * A local stand-in for Azure SignalR Service: its REST API, client negotiate and hub connections, for tests
 * and development.
 */
@NullMarked
package io.signalranon.emulator;

import org.jspecify.annotations.NullMarked;
