package org.backsync.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.jspecify.annotations.Nullable;

/**
 * One JDBC connection with a cache of prepared statements, used by one thread at a time (the writer thread, or the
 * reader that borrowed it). Every {@link SQLException} leaves here as a {@code CORRUPT_STORE} {@link SyncException} at
 * {@code ACCOUNT} scope (the SPI's "cannot be read or written"); unique-index violations, which are caller bugs, become
 * {@link IllegalArgumentException}.
 */
final class Sql implements AutoCloseable {
    /** Reads one row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final String name;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** INSERTs by the caller's SQL, each prepared with its RETURNING clause (no concatenation per row). */
    private final Map<String, PreparedStatement> inserts = new HashMap<>();

    Sql(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    Connection connection() {
        return connection;
    }

    SyncException failure(String what, Exception e) {
        return failure(name, what, e);
    }

    static SyncException failure(String store, String what, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SyncException(
                Status.CORRUPT_STORE, Scope.ACCOUNT, "store " + store + ": " + what + " failed: " + reason, null, e);
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return bound(ps, args);
    }

    private static PreparedStatement bound(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            bind(ps, i + 1, args[i]);
        }
        return ps;
    }

    private static void bind(PreparedStatement ps, int index, @Nullable Object value) throws SQLException {
        switch (value) {
            case null -> ps.setNull(index, Types.NULL);
            case Optional<?> o -> bind(ps, index, o.orElse(null));
            case Long l -> ps.setLong(index, l);
            case Integer i -> ps.setLong(index, i);
            case Boolean b -> ps.setInt(index, b ? 1 : 0);
            case String s -> ps.setString(index, s);
            case Enum<?> e -> ps.setString(index, e.name());
            default -> throw new IllegalArgumentException("cannot bind " + value.getClass());
        }
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows changed. */
    int update(String sql, Object... args) throws SyncException {
        try {
            return prepare(sql, args).executeUpdate();
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed")) {
                throw new IllegalArgumentException("already present: " + e.getMessage(), e);
            }
            throw failure("update", e);
        }
    }

    /** Runs an INSERT (without a RETURNING clause: it is added here) and returns the new row id. */
    long insert(String sql, Object... args) throws SyncException {
        try (ResultSet rs = bound(insertStatement(sql), args).executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("UNIQUE constraint failed")) {
                throw new IllegalArgumentException("already present: " + e.getMessage(), e);
            }
            throw failure("insert", e);
        }
    }

    private PreparedStatement insertStatement(String sql) throws SQLException {
        PreparedStatement ps = inserts.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql + " RETURNING rowid");
            inserts.put(sql, ps);
        }
        return ps;
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SyncException {
        try (ResultSet rs = prepare(sql, args).executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw failure("query", e);
        }
    }

    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) throws SyncException {
        try (ResultSet rs = prepare(sql, args).executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        } catch (SQLException e) {
            throw failure("query", e);
        }
    }

    void execute(String sql) throws SyncException {
        try (var st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            for (PreparedStatement ps : inserts.values()) {
                ps.close();
            }
            statements.clear();
            inserts.clear();
            connection.close();
        } catch (SQLException e) {
            // closing is best effort: the data is committed or rolled back by then
        }
    }

    static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(v);
    }

    static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }
}
