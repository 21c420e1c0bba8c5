/** Running one job at a time: the run lock, graceful stop and recovery of executions left by a killed process. */
@NullMarked
package io.signalranon.dispatcher.operate;

import org.jspecify.annotations.NullMarked;
