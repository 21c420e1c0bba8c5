/**
 * The anonymous negotiate endpoint that a site's back end plays in production, served by the emulator.
 */
@NullMarked
package io.signalranon.emulator.negotiate;

import org.jspecify.annotations.NullMarked;
