/** The outgoing message and the outcome of sending it. */
@NullMarked
package io.signalranon.dispatcher.message;

import org.jspecify.annotations.NullMarked;
