/**
 * The settings of a generated negotiate configuration and the test users and tokens issued for it.
 */
@NullMarked
package io.signalranon.maven.negotiate;

import org.jspecify.annotations.NullMarked;
