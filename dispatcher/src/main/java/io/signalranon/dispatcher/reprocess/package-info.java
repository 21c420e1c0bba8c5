/** Sending recorded failures again. */
@NullMarked
package io.signalranon.dispatcher.reprocess;

import org.jspecify.annotations.NullMarked;
