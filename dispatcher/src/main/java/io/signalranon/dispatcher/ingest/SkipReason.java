package io.signalranon.dispatcher.ingest;

/** Why a row of an export was skipped; the label is stored in {@code SKIPPED_ROW.REASON}. */
public enum SkipReason {
    BAD_JSON("bad JSON"),
    BAD_CSV("bad CSV"),
    MISSING_ID("missing id"),
    MISSING_AUDIENCE("missing audience"),
    UNKNOWN_STATUS("unknown status"),
    BAD_TIMESTAMP("bad timestamp"),
    ID_TOO_LONG("id too long"),
    AUDIENCE_TOO_LONG("audience too long"),
    CONTROL_CHARACTERS("control characters"),
    BAD_VISITOR_ID("not a valid visitor id"),
    FIELD_COUNT("wrong field count"),
    UNKNOWN_CONSENT("unknown consent"),
    NOT_UTF8("not UTF-8");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
