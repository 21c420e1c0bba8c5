/** The send path: concurrent sends to SignalR, retries and back-off, systemic-failure detection, the dispatch step's writers. */
@NullMarked
package io.signalranon.dispatcher.delivery;

import org.jspecify.annotations.NullMarked;
