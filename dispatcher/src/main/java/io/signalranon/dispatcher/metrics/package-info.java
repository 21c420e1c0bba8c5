/**
 * The dispatcher's own Micrometer meters (sends, attempts, latency, concurrency, ingest rows, users
 * withheld), fed by the send path's observer and by step listeners; Spring Batch's job, step and chunk
 * meters come from Spring Batch itself.
 */
@NullMarked
package io.signalranon.dispatcher.metrics;

import org.jspecify.annotations.NullMarked;
