package nl.dkgw.gateway.gb.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** ZIP archives for tests, as a sender's zip tool would make them: one or more entries, or split into volumes. */
public final class ZipArchives {

    private ZipArchives() {}

    public static byte[] of(String entry, byte[] content) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(entry, content);
        return of(entries);
    }

    public static byte[] of(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * The archive as a split archive's volumes: the spanning marker (PK 7 8) before it, then cut into pieces of
     * {@code volumeSize} bytes ({@code .z01}, {@code .z02}, ... and the last {@code .zip}, in this order).
     */
    public static List<byte[]> split(byte[] archive, int volumeSize) {
        byte[] marked = new byte[archive.length + 4];
        marked[0] = 0x50;
        marked[1] = 0x4b;
        marked[2] = 0x07;
        marked[3] = 0x08;
        System.arraycopy(archive, 0, marked, 4, archive.length);
        List<byte[]> volumes = new ArrayList<>();
        for (int from = 0; from < marked.length; from += volumeSize) {
            volumes.add(Arrays.copyOfRange(marked, from, Math.min(marked.length, from + volumeSize)));
        }
        return volumes;
    }
}
