/**
 * The stand-alone emulator's command line.
 */
@NullMarked
package io.signalranon.emulator.cli;

import org.jspecify.annotations.NullMarked;
