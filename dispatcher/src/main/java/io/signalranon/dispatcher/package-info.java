/** The dispatcher application: {@code java -jar dispatcher.jar COMMAND}. */
@NullMarked
package io.signalranon.dispatcher;

import org.jspecify.annotations.NullMarked;
