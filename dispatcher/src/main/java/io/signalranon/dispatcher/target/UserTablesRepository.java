package io.signalranon.dispatcher.target;

import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code USER_MAPPING} (SignalR user id, CDP id, consent) and {@code SUPPRESSION}, loaded anew for each run. */
public class UserTablesRepository {

    private static final String MAPPING = "MERGE INTO USER_MAPPING t USING (VALUES (CAST(? AS VARCHAR(512)),"
            + " CAST(? AS VARCHAR(512)), CAST(? AS BOOLEAN))) AS s (USER_ID, CDP_ID, CONSENT) ON (t.USER_ID = s.USER_ID)"
            + " WHEN MATCHED THEN UPDATE SET CDP_ID = s.CDP_ID, CONSENT = s.CONSENT"
            + " WHEN NOT MATCHED THEN INSERT (USER_ID, CDP_ID, CONSENT) VALUES (s.USER_ID, s.CDP_ID, s.CONSENT)";
    private static final String SUPPRESSED = "MERGE INTO SUPPRESSION t USING (VALUES (CAST(? AS VARCHAR(512))))"
            + " AS s (USER_ID) ON (t.USER_ID = s.USER_ID) WHEN NOT MATCHED THEN INSERT (USER_ID) VALUES (s.USER_ID)";

    private final JdbcTemplate jdbc;

    public UserTablesRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** Empties both tables. */
    public void clear() {
        jdbc.update("DELETE FROM USER_MAPPING");
        jdbc.update("DELETE FROM SUPPRESSION");
    }

    /** Adds or replaces mappings, each {@code {user id, CDP id, consent}}. */
    public void saveMappings(List<Object[]> rows) {
        jdbc.batchUpdate(MAPPING, rows);
    }

    /** Adds suppressed user ids, each {@code {user id}}. */
    public void saveSuppressed(List<Object[]> rows) {
        jdbc.batchUpdate(SUPPRESSED, rows);
    }
}
