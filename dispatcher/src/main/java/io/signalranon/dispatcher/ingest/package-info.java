/** Reading CDP exports into the membership store: formats, files, skipped rows. */
@NullMarked
package io.signalranon.dispatcher.ingest;

import org.jspecify.annotations.NullMarked;
