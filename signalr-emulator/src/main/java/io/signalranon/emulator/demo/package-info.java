/**
 * The demo page: the browser client connected through the anonymous negotiate endpoint, showing each offer
 * as it arrives.
 */
@NullMarked
package io.signalranon.emulator.demo;

import org.jspecify.annotations.NullMarked;
