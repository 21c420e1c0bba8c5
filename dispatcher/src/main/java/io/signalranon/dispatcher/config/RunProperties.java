package io.signalranon.dispatcher.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of how runs are launched ({@code dispatcher.run.*}).
 *
 * @param exclusiveDatabase true when only this process uses the job repository (an embedded H2 file is
 *                          locked by one JVM), so an execution left running by a killed process is marked
 *                          failed and restarted; set false on a shared database, where such a run means
 *                          another process holds the job
 */
@ConfigurationProperties("dispatcher.run")
public record RunProperties(@DefaultValue("true") boolean exclusiveDatabase) {
}
