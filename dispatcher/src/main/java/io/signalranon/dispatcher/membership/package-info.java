/** The membership store ({@code MEMBERSHIP}): which CDP id is in which audience since when. */
@NullMarked
package io.signalranon.dispatcher.membership;

import org.jspecify.annotations.NullMarked;
