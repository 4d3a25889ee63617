package nl.dkgw.gateway.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * A fuzz input for the HTTP-level targets: the first line is the Content-Type header, the rest is the body. Seed files
 * stay readable and editable that way.
 */
record FuzzInput(String contentType, byte[] body) {

    static FuzzInput of(byte[] data) {
        int newline = -1;
        for (int i = 0; i < data.length && i < 4096; i++) {
            if (data[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            return new FuzzInput(null, data);
        }
        String contentType = new String(data, 0, newline, StandardCharsets.ISO_8859_1).strip();
        byte[] body = new byte[data.length - newline - 1];
        System.arraycopy(data, newline + 1, body, 0, body.length);
        return new FuzzInput(contentType, body);
    }
}
