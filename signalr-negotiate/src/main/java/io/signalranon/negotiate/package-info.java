/**
 * The anonymous negotiate endpoint as a framework-neutral request/reply model: {@link
 * io.signalranon.negotiate.NegotiateEndpoint} and its settings.
 */
@NullMarked
package io.signalranon.negotiate;

import org.jspecify.annotations.NullMarked;
