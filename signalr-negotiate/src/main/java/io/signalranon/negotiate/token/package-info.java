/** How client tokens are signed: {@link io.signalranon.negotiate.token.ClientTokenIssuer} and its implementations. */
@NullMarked
package io.signalranon.negotiate.token;

import org.jspecify.annotations.NullMarked;
