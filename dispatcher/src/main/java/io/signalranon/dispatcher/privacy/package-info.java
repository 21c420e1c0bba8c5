/**
 * Forgotten visitors: the keyed hashes that keep a forgotten user id or CDP id out of later exports, users
 * files and suppression lists ({@code FORGOTTEN_ID}), the key they are made with, and the ids that name one
 * visitor.
 */
@NullMarked
package io.signalranon.dispatcher.privacy;

import org.jspecify.annotations.NullMarked;
