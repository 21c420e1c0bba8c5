/**
 * The REST client of Azure SignalR Service: connection strings, access tokens, sends to users and groups
 * and how their outcomes are classified.
 */
@NullMarked
package io.signalranon.client;

import org.jspecify.annotations.NullMarked;
