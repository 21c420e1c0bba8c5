package io.signalranon.dispatcher.membership;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The PostgreSQL way: the chunk's winning changes go into a session-local staging table through
 * {@code COPY} (pgjdbc's {@code CopyManager}, on the connection of the caller's transaction), then one
 * statement compares them with the stored rows and writes the inserts, the updates and (in a dry run) the
 * undo records, and counts the changes per input; no row crosses the wire twice and no {@code IN} list is
 * planned. Outside a transaction the whole write runs in one of its own, since the staging table lives in
 * the connection and is emptied at each commit.
 */
final class PostgresChangeStore implements ChangeStore {

    private static final String CHANGE_STAGE = "CREATE TEMPORARY TABLE IF NOT EXISTS MEMBERSHIP_STAGE ("
            + " CDP_ID VARCHAR(512) NOT NULL, AUDIENCE VARCHAR(512) NOT NULL, MEMBER BOOLEAN NOT NULL,"
            + " CHANGED_AT TIMESTAMP WITH TIME ZONE NOT NULL, INPUT INTEGER NOT NULL) ON COMMIT DELETE ROWS";
    private static final String SEEN_STAGE = "CREATE TEMPORARY TABLE IF NOT EXISTS SNAPSHOT_SEEN_STAGE ("
            + " FILE_NO INTEGER NOT NULL, CDP_ID VARCHAR(512) NOT NULL, AUDIENCE VARCHAR(512) NOT NULL)"
            + " ON COMMIT DELETE ROWS";
    private static final String COPY_CHANGES =
            "COPY MEMBERSHIP_STAGE (CDP_ID, AUDIENCE, MEMBER, CHANGED_AT, INPUT) FROM STDIN (FORMAT BINARY)";
    private static final String COPY_SEEN =
            "COPY SNAPSHOT_SEEN_STAGE (FILE_NO, CDP_ID, AUDIENCE) FROM STDIN (FORMAT BINARY)";

    /**
     * The winning changes joined with the stored state ({@code W}: those that beat it, "later time wins,
     * exit wins a tie"), the undo records (when {@code %s} holds the undo statement), the inserts and the
     * updates, then the count of changed memberships per input. Every part sees the rows as they were
     * before the statement. The job instance id ({@code :instance}) is written into the text, which runs as a
     * plain statement: planned at each chunk for the table's size then, never a plan cached while the table
     * was small (a hash join that reads the whole table at every chunk).
     */
    private static final String APPLY = "WITH J AS (SELECT s.CDP_ID, s.AUDIENCE, s.MEMBER, s.CHANGED_AT, s.INPUT,"
            + " m.CDP_ID IS NOT NULL AS EXISTED, m.MEMBER AS OLD_MEMBER, m.CHANGED_AT AS OLD_AT,"
            + " m.CHANGED_BY AS OLD_BY, m.WAS_MEMBER AS OLD_WAS"
            + " FROM MEMBERSHIP_STAGE s LEFT JOIN MEMBERSHIP m ON m.CDP_ID = s.CDP_ID AND m.AUDIENCE = s.AUDIENCE),"
            + " W AS MATERIALIZED (SELECT * FROM J WHERE NOT J.EXISTED OR J.CHANGED_AT > J.OLD_AT"
            + " OR (J.CHANGED_AT = J.OLD_AT AND NOT J.MEMBER AND J.OLD_MEMBER)),%s"
            + " INS AS (INSERT INTO MEMBERSHIP (CDP_ID, AUDIENCE, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER)"
            + " SELECT W.CDP_ID, W.AUDIENCE, W.MEMBER, W.CHANGED_AT, :instance, FALSE FROM W WHERE NOT W.EXISTED),"
            + " UPD AS (UPDATE MEMBERSHIP m SET MEMBER = W.MEMBER, CHANGED_AT = W.CHANGED_AT,"
            + " CHANGED_BY = CASE WHEN W.MEMBER = W.OLD_MEMBER THEN W.OLD_BY ELSE :instance END,"
            + " WAS_MEMBER = CASE WHEN W.MEMBER = W.OLD_MEMBER OR W.OLD_BY = :instance THEN W.OLD_WAS"
            + " ELSE W.OLD_MEMBER END"
            + " FROM W WHERE W.EXISTED AND m.CDP_ID = W.CDP_ID AND m.AUDIENCE = W.AUDIENCE)"
            + " SELECT W.INPUT, COUNT(*) FROM W WHERE W.MEMBER <> COALESCE(W.OLD_MEMBER, FALSE) GROUP BY W.INPUT";

    private static final String UNDO = " UNDO AS (INSERT INTO MEMBERSHIP_UNDO (JOB_INSTANCE_ID, CDP_ID, AUDIENCE,"
            + " EXISTED, MEMBER, CHANGED_AT, CHANGED_BY, WAS_MEMBER) SELECT :instance, W.CDP_ID, W.AUDIENCE, W.EXISTED,"
            + " COALESCE(W.OLD_MEMBER, FALSE), COALESCE(W.OLD_AT, W.CHANGED_AT), COALESCE(W.OLD_BY, 0),"
            + " COALESCE(W.OLD_WAS, FALSE) FROM W ON CONFLICT (JOB_INSTANCE_ID, CDP_ID, AUDIENCE) DO NOTHING),";
    private static final String APPLY_UNDOABLE = APPLY.formatted(UNDO);
    private static final String APPLY_PLAIN = APPLY.formatted("");
    private static final String SAVE_SEEN = "INSERT INTO SNAPSHOT_SEEN (JOB_INSTANCE_ID, FILE_NO, CDP_ID, AUDIENCE)"
            + " SELECT DISTINCT :instance, FILE_NO, CDP_ID, AUDIENCE FROM SNAPSHOT_SEEN_STAGE"
            + " ON CONFLICT (JOB_INSTANCE_ID, FILE_NO, CDP_ID, AUDIENCE) DO NOTHING";

    /** Bytes handed to the server per {@code COPY} write. */
    private static final int COPY_SLICE = 512 * 1024;

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transaction;

    PostgresChangeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.dataSource = Objects.requireNonNull(jdbc.getDataSource(), "dataSource");
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Map<Integer, Integer> write(long jobInstanceId, Collection<MembershipChange> winners, boolean undoable) {
        Map<Integer, Integer> changed = new HashMap<>();
        if (winners.isEmpty()) {
            return changed;
        }
        transaction.executeWithoutResult(status -> {
            stage(
                    CHANGE_STAGE,
                    "MEMBERSHIP_STAGE",
                    COPY_CHANGES,
                    winners,
                    (row, out) -> out.fields(5)
                            .text(row.id())
                            .text(row.audience())
                            .bool(row.member())
                            .timestamp(row.time())
                            .int4(row.input()));
            String sql = (undoable ? APPLY_UNDOABLE : APPLY_PLAIN).replace(":instance", Long.toString(jobInstanceId));
            jdbc.query(sql, (RowCallbackHandler) rs -> {
                changed.put(rs.getInt(1), rs.getInt(2));
            });
        });
        return changed;
    }

    @Override
    public void seen(long jobInstanceId, List<MembershipChange> snapshotRows) {
        if (snapshotRows.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            stage(
                    SEEN_STAGE,
                    "SNAPSHOT_SEEN_STAGE",
                    COPY_SEEN,
                    snapshotRows,
                    (row, out) ->
                            out.fields(3).int4(row.fileNo()).text(row.id()).text(row.audience()));
            jdbc.update(SAVE_SEEN.replace(":instance", Long.toString(jobInstanceId)));
        });
    }

    /** Empties the staging table (creating it in this connection if need be) and copies the rows into it. */
    private void stage(
            String create,
            String table,
            String copy,
            Collection<MembershipChange> rows,
            BiConsumer<MembershipChange, Tuples> format) {
        jdbc.execute(create);
        jdbc.update("DELETE FROM " + table);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
            try {
                Tuples out = new Tuples();
                for (MembershipChange row : rows) {
                    format.accept(row, out);
                    if (out.size() >= COPY_SLICE) {
                        out.writeTo(in);
                    }
                }
                out.end();
                out.writeTo(in);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        } catch (SQLException e) {
            SQLExceptionTranslator translator = jdbc.getExceptionTranslator();
            RuntimeException translated = translator.translate("COPY", copy, e);
            throw translated != null ? translated : new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Rows in {@code COPY}'s binary format: a header, then per row its field count and each field as its
     * length and its bytes (text as UTF-8, so nothing is escaped; a time as microseconds since 2000-01-01
     * UTC, rounded as the server rounds a time it reads), then a trailer.
     */
    private static final class Tuples {

        private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
        private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

        private byte[] bytes = new byte[COPY_SLICE + 4096];
        private int size;

        Tuples() {
            System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
            size = HEADER.length;
            int32(0);
            int32(0);
        }

        Tuples fields(int count) {
            int16(count);
            return this;
        }

        Tuples text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            int32(utf8.length);
            room(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
            return this;
        }

        Tuples bool(boolean value) {
            int32(1);
            room(1);
            bytes[size++] = (byte) (value ? 1 : 0);
            return this;
        }

        Tuples int4(int value) {
            int32(4);
            int32(value);
            return this;
        }

        Tuples timestamp(Instant value) {
            long micros = Math.addExact(
                    Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                    (value.getNano() + 500) / 1000);
            int32(8);
            int32((int) (micros >>> 32));
            int32((int) micros);
            return this;
        }

        void end() {
            int16(-1);
        }

        int size() {
            return size;
        }

        void writeTo(CopyIn in) throws SQLException {
            if (size > 0) {
                in.writeToCopy(bytes, 0, size);
                size = 0;
            }
        }

        private void int16(int value) {
            room(2);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
        }

        private void int32(int value) {
            room(4);
            bytes[size++] = (byte) (value >>> 24);
            bytes[size++] = (byte) (value >>> 16);
            bytes[size++] = (byte) (value >>> 8);
            bytes[size++] = (byte) value;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
