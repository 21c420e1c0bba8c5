package io.signalranon.dispatcher.offer;

import io.signalranon.dispatcher.message.OutgoingMessage;
import io.signalranon.dispatcher.target.WithholdReason;
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
}
