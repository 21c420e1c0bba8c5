/**
 * Small HTTP helpers: CORS and JSON replies.
 */
@NullMarked
package io.signalranon.emulator.web;

import org.jspecify.annotations.NullMarked;
