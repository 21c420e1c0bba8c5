/** Spring Batch wiring: the jobs and their steps, and every name they share with the job repository. */
@NullMarked
package io.signalranon.dispatcher.job;

import org.jspecify.annotations.NullMarked;
