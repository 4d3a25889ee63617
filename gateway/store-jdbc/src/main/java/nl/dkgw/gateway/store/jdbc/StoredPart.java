package nl.dkgw.gateway.store.jdbc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import nl.dkgw.gateway.ebms.PayloadContent;

/**
 * The bytes of one stored payload part (a row of ebms_payload), read from the store each time they are opened: on a
 * pooled connection of its own, in a read-only transaction (PostgreSQL reads a large object only inside one), both
 * held until the stream is closed. So a caller can read a part after its own transaction ended, and must close the
 * stream soon: an open stream keeps a connection from the pool. How many may be open at once is bounded by {@code
 * limit}, so they never take the connections the rest of the node needs.
 */
record StoredPart(DataSource dataSource, PartStreamLimit limit, long messagePk, int seq, long length)
        implements PayloadContent {

    @Override
    public InputStream open() throws IOException {
        limit.acquire("payload part " + seq + " of message " + messagePk);
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            PreparedStatement ps = c.prepareStatement("SELECT data FROM ebms_payload WHERE message_pk = ? AND seq = ?");
            ps.setLong(1, messagePk);
            ps.setInt(2, seq);
            ResultSet rs = ps.executeQuery();
            if (!rs.next()) {
                throw new IOException(
                        "payload part " + seq + " of message " + messagePk + " is no longer stored (purged)");
            }
            Blob blob = rs.getBlob(1);
            return new PartStream(blob.getBinaryStream(), blob, c, limit);
        } catch (SQLException | IOException | RuntimeException e) {
            release(c);
            limit.release();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot read payload part " + seq + " of message " + messagePk, e);
        }
    }

    /** Ends the read-only transaction and gives the connection back to the pool (closing its statements). */
    private static void release(Connection c) {
        if (c == null) {
            return;
        }
        try (c) {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the pool discards a connection it cannot reset
        }
    }

    /** The part's bytes; closing it frees the blob, releases the connection and gives its place in the limit back. */
    private static final class PartStream extends FilterInputStream {
        private final Blob blob;
        private final Connection connection;
        private final PartStreamLimit limit;
        private boolean closed;

        PartStream(InputStream in, Blob blob, Connection connection, PartStreamLimit limit) {
            super(in);
            this.blob = blob;
            this.connection = connection;
            this.limit = limit;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                super.close();
                blob.free();
            } catch (SQLException e) {
                throw new IOException("closing payload part stream", e);
            } finally {
                release(connection);
                limit.release();
            }
        }
    }
}
