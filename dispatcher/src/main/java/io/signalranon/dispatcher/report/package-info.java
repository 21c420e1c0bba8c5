/**
 * What runs did, for machines: the JSON run report that every run, restart and reprocess writes, and the
 * history of recent executions; both read Spring Batch's job repository and the project's repositories.
 */
@NullMarked
package io.signalranon.dispatcher.report;

import org.jspecify.annotations.NullMarked;
