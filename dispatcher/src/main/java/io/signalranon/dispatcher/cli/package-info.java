/** The command line: parsing, the commands, their output and exit codes. */
@NullMarked
package io.signalranon.dispatcher.cli;

import org.jspecify.annotations.NullMarked;
