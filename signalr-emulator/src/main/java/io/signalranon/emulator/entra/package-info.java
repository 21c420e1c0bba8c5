/**
 * Microsoft Entra ID as the emulator plays it: an issuer, its keys and roles, and a managed identity endpoint.
 */
@NullMarked
package io.signalranon.emulator.entra;

import org.jspecify.annotations.NullMarked;
