package io.signalranon.dispatcher.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Reads the H2 file database a dispatcher child process left in its working directory. */
public final class H2Files {

    private H2Files() {}

    /** Runs a query on {@code dir/data/dispatcher} (read-only) once no process holds it. */
    public static List<Map<String, Object>> query(Path dir, String sql, Object... args) {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:h2:file:" + dir.resolve("data/dispatcher").toAbsolutePath() + ";ACCESS_MODE_DATA=r",
                "sa",
                "",
                true);
        try {
            return new JdbcTemplate(dataSource).queryForList(sql, args);
        } finally {
            dataSource.destroy();
        }
    }

    /** One column of a query as strings. */
    public static List<String> column(Path dir, String sql, Object... args) {
        return query(dir, sql, args).stream()
                .map(row -> String.valueOf(row.values().iterator().next()))
                .toList();
    }
}
