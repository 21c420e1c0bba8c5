/** The signed visitor cookie (v1): its keys, how it is signed and verified, new visitor ids. */
@NullMarked
package io.signalranon.negotiate.visitor;

import org.jspecify.annotations.NullMarked;
