package io.signalranon.dispatcher.membership;

import java.sql.DatabaseMetaData;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * How the changes of a chunk reach {@code MEMBERSHIP} (and {@code SNAPSHOT_SEEN}): the one place where the
 * store differs between databases. Both ways apply the same rules, in the caller's transaction: per (id,
 * audience) the winning change of the chunk is compared with the stored state, "later time wins, exit wins a
 * tie"; an insert is owned by the job instance with {@code WAS_MEMBER} false; an update keeps the journal
 * columns as {@link MembershipState} says; an undoable (dry) run first keeps each row's state before the
 * instance's first change to it in {@code MEMBERSHIP_UNDO}.
 */
sealed interface ChangeStore permits PortableChangeStore, PostgresChangeStore {

    /**
     * Writes the winning changes of a chunk, at most one per (id, audience).
     *
     * @return per row origin input index, the number of memberships whose state changed
     */
    Map<Integer, Integer> write(long jobInstanceId, Collection<MembershipChange> winners, boolean undoable);

    /** Records the (id, audience) pairs that a snapshot file listed, for its end. */
    void seen(long jobInstanceId, List<MembershipChange> snapshotRows);

    /** PostgreSQL loads through {@code COPY} and set-based statements; every other database the portable way. */
    static ChangeStore forDatabase(JdbcTemplate jdbc) {
        DataSource dataSource = jdbc.getDataSource();
        if (dataSource == null) {
            throw new IllegalStateException("the membership store needs a JdbcTemplate with a DataSource");
        }
        String product;
        try {
            product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database the membership store is in", e);
        }
        return product.toLowerCase(Locale.ROOT).contains("postgresql")
                ? new PostgresChangeStore(jdbc)
                : new PortableChangeStore(jdbc);
    }
}
