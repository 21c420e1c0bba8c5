package io.signalranon.dispatcher.target;

import java.util.Locale;

/** Why a targeted user gets no message. */
public enum WithholdReason {
    /** In the holdout (control) group. */
    HOLDOUT,
    /** On the suppression list. */
    SUPPRESSED,
    /** Consent to personalisation denied or revoked. */
    NO_CONSENT,
    /** Not in the users file any more (reprocess: a run would not target the user). */
    NOT_LISTED,
    /** The user id was forgotten. */
    FORGOTTEN;

    /** The label used in reports: {@code holdout}, {@code suppressed}, {@code no-consent}, {@code not-listed}, {@code forgotten}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
