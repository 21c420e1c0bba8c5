/** The negotiate endpoint as a {@code jakarta.servlet} servlet. */
@NullMarked
package io.signalranon.negotiate.servlet;

import org.jspecify.annotations.NullMarked;
