/**
 * The connection string a goal uses, where it came from, and the test tokens signed with its key.
 */
@NullMarked
package io.signalranon.maven.connection;

import org.jspecify.annotations.NullMarked;
