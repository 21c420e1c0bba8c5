package io.signalranon.dispatcher.membership;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A batched {@code INSERT ... VALUES (...), (...), ...} of {@value #ROWS_PER_STATEMENT} rows per statement:
 * far fewer statement executions than one row per statement, in portable SQL.
 *
 * @param <T> the row type
 */
final class MultiRowInsert<T> {

    static final int ROWS_PER_STATEMENT = 100;

    private final String wide;
    private final String narrow;
    private final int columns;
    private final RowBinder<T> binder;

    MultiRowInsert(String table, List<String> columns, RowBinder<T> binder) {
        String head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
        String one = "(" + "?, ".repeat(columns.size() - 1) + "?)";
        this.narrow = head + one;
        this.wide = head + (one + ", ").repeat(ROWS_PER_STATEMENT - 1) + one;
        this.columns = columns.size();
        this.binder = binder;
    }

    void insert(JdbcTemplate jdbc, List<T> rows) {
        int statements = rows.size() / ROWS_PER_STATEMENT;
        if (statements > 0) {
            jdbc.batchUpdate(wide, new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    for (int r = 0; r < ROWS_PER_STATEMENT; r++) {
                        binder.bind(ps, r * columns, rows.get(i * ROWS_PER_STATEMENT + r));
                    }
                }

                @Override
                public int getBatchSize() {
                    return statements;
                }
            });
        }
        List<T> rest = rows.subList(statements * ROWS_PER_STATEMENT, rows.size());
        if (!rest.isEmpty()) {
            jdbc.batchUpdate(narrow, rest, rest.size(), (ps, row) -> binder.bind(ps, 0, row));
        }
    }

    /** Sets the parameters of one row, the first at {@code offset + 1}. */
    @FunctionalInterface
    interface RowBinder<T> {
        void bind(PreparedStatement ps, int offset, T row) throws SQLException;
    }
}
