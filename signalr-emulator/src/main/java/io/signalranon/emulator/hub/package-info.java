/**
 * Client connections to a hub: negotiate, WebSocket and delivery of messages to connected users.
 */
@NullMarked
package io.signalranon.emulator.hub;

import org.jspecify.annotations.NullMarked;
