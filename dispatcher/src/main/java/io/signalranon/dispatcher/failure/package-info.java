/** Failed sends ({@code FAILED_SEND}), shared by delivery, reprocess and the commands. */
@NullMarked
package io.signalranon.dispatcher.failure;

import org.jspecify.annotations.NullMarked;
