package io.signalranon.dispatcher.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A table whose rows pair a SignalR user id ({@code USER_ID}) with a CDP id ({@code CDP_ID}), as
 * {@code USER_MAPPING} and {@code DISPATCH_TARGET} do. Finding the ids paired with one id, and deleting
 * the rows that name a visitor by either id, read the same in every such table, so {@code forget} finds
 * and deletes alike in each.
 *
 * @param jdbc the database
 * @param table the table's name (a constant of the repository that owns the table)
 */
public record UserCdpTable(JdbcTemplate jdbc, String table) {

    public UserCdpTable {
        Objects.requireNonNull(jdbc, "jdbc");
        Objects.requireNonNull(table, "table");
    }

    /** The CDP ids paired with a user id, each once. */
    public List<String> cdpIdsOf(String userId) {
        return jdbc.queryForList("SELECT DISTINCT CDP_ID FROM " + table + " WHERE USER_ID = ?", String.class, userId);
    }

    /** The user ids paired with a CDP id, each once. */
    public List<String> userIdsOf(String cdpId) {
        return jdbc.queryForList("SELECT DISTINCT USER_ID FROM " + table + " WHERE CDP_ID = ?", String.class, cdpId);
    }

    /**
     * Deletes the rows holding one of the user ids or one of the CDP ids, in the caller's transaction.
     *
     * @return how many rows went
     */
    public int delete(Collection<String> userIds, Collection<String> cdpIds) {
        List<Object> args = new ArrayList<>(userIds);
        args.addAll(cdpIds);
        return jdbc.update(
                "DELETE FROM " + table + " WHERE USER_ID IN (" + placeholders(userIds.size()) + ") OR CDP_ID IN ("
                        + placeholders(cdpIds.size()) + ")",
                args.toArray());
    }

    /** {@code ?, ?, ?} for {@code n} parameters; {@code NULL}, which no id equals, for none. */
    private static String placeholders(int n) {
        return n == 0 ? "NULL" : "?, ".repeat(n - 1) + "?";
    }
}
