/** The negotiate service: {@code java -jar signalr-negotiate.jar --negotiate=negotiate.json} (Jetty, the servlet). */
@NullMarked
package io.signalranon.negotiate.service;

import org.jspecify.annotations.NullMarked;
