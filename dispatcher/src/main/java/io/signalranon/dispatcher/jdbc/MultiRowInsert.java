package io.signalranon.dispatcher.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A batched {@code INSERT ... VALUES (...), (...), ...} of a fixed number of rows per statement, the
 * rows left over one per statement: far fewer statement executions than one row per statement, in
 * portable SQL.
 *
 * @param <T> the row type
 */
public final class MultiRowInsert<T> {

    private final int rowsPerStatement;
    private final String wide;
    private final String narrow;
    private final int columns;
    private final RowBinder<T> binder;

    public MultiRowInsert(String table, int rowsPerStatement, List<String> columns, RowBinder<T> binder) {
        if (rowsPerStatement < 1) {
            throw new IllegalArgumentException("rowsPerStatement must be >= 1, got " + rowsPerStatement);
        }
        String head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
        String one = "(" + "?, ".repeat(columns.size() - 1) + "?)";
        this.rowsPerStatement = rowsPerStatement;
        this.narrow = head + one;
        this.wide = head + (one + ", ").repeat(rowsPerStatement - 1) + one;
        this.columns = columns.size();
        this.binder = binder;
    }

    /** Inserts the rows, in the caller's transaction if there is one. */
    public void insert(JdbcTemplate jdbc, List<T> rows) {
        int statements = rows.size() / rowsPerStatement;
        if (statements > 0) {
            jdbc.batchUpdate(wide, new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    for (int r = 0; r < rowsPerStatement; r++) {
                        binder.bind(ps, r * columns, rows.get(i * rowsPerStatement + r));
                    }
                }

                @Override
                public int getBatchSize() {
                    return statements;
                }
            });
        }
        List<T> rest = rows.subList(statements * rowsPerStatement, rows.size());
        if (!rest.isEmpty()) {
            jdbc.batchUpdate(narrow, rest, rest.size(), (ps, row) -> binder.bind(ps, 0, row));
        }
    }

    /** Sets the parameters of one row, the first at {@code offset + 1}. */
    @FunctionalInterface
    public interface RowBinder<T> {
        void bind(PreparedStatement ps, int offset, T row) throws SQLException;
    }
}
