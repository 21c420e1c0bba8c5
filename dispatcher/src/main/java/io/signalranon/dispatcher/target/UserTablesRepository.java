package io.signalranon.dispatcher.target;

import io.signalranon.dispatcher.jdbc.UserCdpTable;
import io.signalranon.dispatcher.privacy.ForgetTally;
import io.signalranon.dispatcher.privacy.Visitor;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code USER_MAPPING} (SignalR user id, CDP id, consent; a user id may have several CDP ids, all carrying the
 * user's consent) and {@code SUPPRESSION}, loaded anew for each run.
 */
public class UserTablesRepository {

    private static final String MAPPING = "MERGE INTO USER_MAPPING t USING (VALUES (CAST(? AS VARCHAR(512)),"
            + " CAST(? AS VARCHAR(512)), CAST(? AS BOOLEAN))) AS s (USER_ID, CDP_ID, CONSENT)"
            + " ON (t.USER_ID = s.USER_ID AND t.CDP_ID = s.CDP_ID) WHEN MATCHED THEN UPDATE SET CONSENT = t.CONSENT AND s.CONSENT"
            + " WHEN NOT MATCHED THEN INSERT (USER_ID, CDP_ID, CONSENT) VALUES (s.USER_ID, s.CDP_ID, s.CONSENT)";
    private static final String MOST_RESTRICTIVE_CONSENT =
            "UPDATE USER_MAPPING SET CONSENT = FALSE WHERE CONSENT = TRUE"
                    + " AND USER_ID IN (SELECT USER_ID FROM USER_MAPPING WHERE CONSENT = FALSE)";
    private static final String SUPPRESSED = "MERGE INTO SUPPRESSION t USING (VALUES (CAST(? AS VARCHAR(512))))"
            + " AS s (USER_ID) ON (t.USER_ID = s.USER_ID) WHEN NOT MATCHED THEN INSERT (USER_ID) VALUES (s.USER_ID)";

    private final JdbcTemplate jdbc;
    private final UserCdpTable mappings;

    public UserTablesRepository(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.mappings = new UserCdpTable(jdbc, "USER_MAPPING");
    }

    /** Empties both tables. */
    public void clear() {
        jdbc.update("DELETE FROM USER_MAPPING");
        jdbc.update("DELETE FROM SUPPRESSION");
    }

    /**
     * Adds mappings, each {@code {user id, CDP id, consent}}; a user id given again with another CDP id adds that
     * id, with the same one keeps the most restrictive consent. Call {@link #keepMostRestrictiveConsent()} once
     * all are saved.
     */
    public void saveMappings(List<Object[]> rows) {
        jdbc.batchUpdate(MAPPING, rows);
    }

    /** Withholds consent on every CDP id of a user id that one of its rows withholds. */
    public void keepMostRestrictiveConsent() {
        jdbc.update(MOST_RESTRICTIVE_CONSENT);
    }

    /** The number of mapped user ids. */
    public long countMappings() {
        Long count = jdbc.queryForObject("SELECT COUNT(DISTINCT USER_ID) FROM USER_MAPPING", Long.class);
        return count == null ? 0 : count;
    }

    /** Adds suppressed user ids, each {@code {user id}}. */
    public void saveSuppressed(List<Object[]> rows) {
        jdbc.batchUpdate(SUPPRESSED, rows);
    }

    /** The CDP ids mapped to a user id. */
    public List<String> cdpIdsOf(String userId) {
        return mappings.cdpIdsOf(userId);
    }

    /** The user ids a CDP id is mapped to. */
    public List<String> userIdsOf(String cdpId) {
        return mappings.userIdsOf(cdpId);
    }

    /** Deletes the visitor's mappings (by user id or CDP id) and suppression, in the caller's transaction. */
    public void forget(Visitor visitor, ForgetTally tally) {
        List<String> users = List.copyOf(visitor.userIds());
        tally.add(mappings.table(), mappings.delete(visitor.userIds(), visitor.cdpIds()));
        tally.add(
                "SUPPRESSION",
                users.isEmpty()
                        ? 0
                        : jdbc.update(
                                "DELETE FROM SUPPRESSION WHERE USER_ID IN (" + Visitor.placeholders(users.size()) + ")",
                                users.toArray()));
    }
}
