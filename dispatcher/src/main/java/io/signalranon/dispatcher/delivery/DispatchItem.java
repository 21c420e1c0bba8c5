package io.signalranon.dispatcher.delivery;

import java.util.Objects;

/** What the dispatch step decided for one targeted user: a message to send, or nothing and why. */
public sealed interface DispatchItem {

    String userId();

    /** A message for the user. */
    record Send(OutgoingMessage message) implements DispatchItem {
        public Send {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String userId() {
            return message.userId();
        }
    }

    /** Nothing for the user, for a reason. */
    record Withheld(String userId, WithholdReason reason) implements DispatchItem {
        public Withheld {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why a targeted user gets no message. */
    enum WithholdReason {
        /** In the holdout (control) group. */
        HOLDOUT,
        /** On the suppression list. */
        SUPPRESSED,
        /** Consent to personalisation denied or revoked. */
        NO_CONSENT;

        /** The label used in reports: {@code holdout}, {@code suppressed}, {@code no-consent}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
