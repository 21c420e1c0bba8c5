/**
 * The REST API of the service: routes, bearer token checks, message bodies and error replies.
 */
@NullMarked
package io.signalranon.emulator.rest;

import org.jspecify.annotations.NullMarked;
