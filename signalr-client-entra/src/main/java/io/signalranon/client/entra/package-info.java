/**
 * Microsoft Entra ID credentials for the REST client, through azure-identity.
 */
@NullMarked
package io.signalranon.client.entra;

import org.jspecify.annotations.NullMarked;
