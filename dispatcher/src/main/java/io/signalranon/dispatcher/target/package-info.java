/** The users a run targets: selection into {@code DISPATCH_TARGET}, users.csv mapping, consent and suppression. */
@NullMarked
package io.signalranon.dispatcher.target;

import org.jspecify.annotations.NullMarked;
