/** JDBC helpers shared by the repositories. */
@NullMarked
package io.signalranon.dispatcher.jdbc;

import org.jspecify.annotations.NullMarked;
