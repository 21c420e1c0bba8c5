/**
 * The Maven goals: test tokens and negotiate configurations for local development.
 */
@NullMarked
package io.signalranon.maven;

import org.jspecify.annotations.NullMarked;
