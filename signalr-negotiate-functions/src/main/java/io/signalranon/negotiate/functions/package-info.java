/** The negotiate endpoint as an Azure Functions (Java) HTTP-triggered function. */
@NullMarked
package io.signalranon.negotiate.functions;

import org.jspecify.annotations.NullMarked;
