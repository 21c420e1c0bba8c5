/**
 * Access tokens the emulator accepts: the access key, temporary keys and the audience they are signed for.
 */
@NullMarked
package io.signalranon.emulator.auth;

import org.jspecify.annotations.NullMarked;
