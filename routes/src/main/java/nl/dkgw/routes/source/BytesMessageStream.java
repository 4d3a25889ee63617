package nl.dkgw.routes.source;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a JMS {@link BytesMessage} read as a stream, block by block through {@link BytesMessage#readBytes}. On
 * Apache Artemis a message above the client's {@code minLargeMessageSize} (100 KiB by default) is a large message,
 * kept as a file on the broker and sent to the consumer in chunks as it reads, so a file of any size passes without
 * being held in memory.
 */
final class BytesMessageStream extends InputStream {

    private final BytesMessage message;
    private byte[] block = new byte[0];

    BytesMessageStream(BytesMessage message) {
        this.message = message;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (offset == 0) {
            return readInto(buffer, length);
        }
        if (block.length < length) {
            block = new byte[length];
        }
        int n = readInto(block, length);
        if (n > 0) {
            System.arraycopy(block, 0, buffer, offset, n);
        }
        return n;
    }

    private int readInto(byte[] target, int length) throws IOException {
        try {
            return message.readBytes(target, length);
        } catch (JMSException e) {
            throw new IOException("the JMS message's body could not be read: " + e.getMessage(), e);
        }
    }
}
