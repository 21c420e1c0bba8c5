/** The per-client-address rate limit of negotiate. */
@NullMarked
package io.signalranon.negotiate.limit;

import org.jspecify.annotations.NullMarked;
