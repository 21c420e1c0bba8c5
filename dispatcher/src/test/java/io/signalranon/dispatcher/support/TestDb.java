package io.signalranon.dispatcher.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One test database: how a dispatcher (in-process or a child JVM) reaches it, and queries on it.
 *
 * @param kind H2 or PostgreSQL
 * @param url its JDBC URL
 * @param user its user
 * @param password its password
 * @param defaultLocation whether the dispatcher finds it without settings (the H2 file in its working directory)
 */
public record TestDb(DatabaseKind kind, String url, String user, String password, boolean defaultLocation) {

    /** The {@code spring.datasource.*} settings that point a dispatcher at this database. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!defaultLocation) {
            settings.put("spring.datasource.url", url);
            settings.put("spring.datasource.username", user);
            settings.put("spring.datasource.password", password);
        }
        return settings;
    }

    /** These settings plus {@code more}. */
    public Map<String, String> settings(Map<String, String> more) {
        Map<String, String> settings = settings();
        settings.putAll(more);
        return settings;
    }

    /** Registers this database as the Spring context's data source. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::url);
        registry.add("spring.datasource.username", this::user);
        registry.add("spring.datasource.password", this::password);
    }

    /** Connections for queries (on H2, read-only and only once no process holds the file). */
    public DataSource dataSource() {
        String queryUrl = kind == DatabaseKind.H2 ? url + ";ACCESS_MODE_DATA=r" : url;
        return new DriverManagerDataSource(queryUrl, user, password);
    }

    /** Runs a query. */
    public List<Map<String, Object>> query(String sql, Object... args) {
        return new JdbcTemplate(dataSource()).queryForList(sql, args);
    }

    /** One column of a query as strings. */
    public List<String> column(String sql, Object... args) {
        return query(sql, args).stream()
                .map(row -> String.valueOf(row.values().iterator().next()))
                .toList();
    }
}
