/** Spring Boot auto-configuration of the negotiate endpoint. */
@NullMarked
package io.signalranon.negotiate.spring;

import org.jspecify.annotations.NullMarked;
