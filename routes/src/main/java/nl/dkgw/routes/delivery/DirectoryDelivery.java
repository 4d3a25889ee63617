package nl.dkgw.routes.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import nl.dkgw.routes.flow.FlowHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Delivers received messages into a directory, each under a name made of its MessageId, so that a repeated delivery
 * (after a crash before the gateway marked the message processed) lands on the same name:
 * <ul>
 *   <li>a payload as {@code <MessageId>.xml}, written next to it as a hidden {@code .partial} file, forced to disk and
 *       moved into place;</li>
 *   <li>the Grote Berichten files of a message into the directory {@code <MessageId>/} under their announced names,
 *       copied into a hidden {@code .<MessageId>.partial} directory first, forced to disk and moved into place in one
 *       step: an application sees a message's directory only once it holds all its files. A directory that is
 *       already there was delivered before and is left as it is.</li>
 * </ul>
 * Characters of the MessageId outside letters, digits, {@code . _ @ -} become {@code _}.
 */
final class DirectoryDelivery implements Processor {

    private final Path directory;

    DirectoryDelivery(Path directory) {
        this.directory = directory;
    }

    /** The payload of an ordinary message. */
    @Override
    public void process(Exchange exchange) throws IOException {
        String name = localName(exchange);
        Files.createDirectories(directory);
        Path target = directory.resolve(name + ".xml");
        Path partial = directory.resolve("." + name + ".xml.partial");
        try (FileChannel out = FileChannel.open(
                partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(exchange.getMessage().getBody(byte[].class)));
            out.force(true);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The files of a Grote Berichten message; the directory of the message when it was delivered. */
    Path deliver(Exchange exchange, ReceivedFiles files) throws IOException {
        String name = localName(exchange);
        Files.createDirectories(directory);
        Path target = directory.resolve(name);
        if (Files.isDirectory(target)) {
            return target; // delivered before the gateway marked the message processed
        }
        Path partial = directory.resolve("." + name + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial);
        for (ReceivedFiles.File file : files.files()) {
            Path copy = partial.resolve(fileName(file.filename()));
            if (!copy.getParent().equals(partial)) {
                throw new IOException("the announced file name " + file.filename() + " is not a plain name");
            }
            try (FileChannel in = FileChannel.open(file.path(), StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += out.transferFrom(in, done, size - done);
                }
                out.force(true);
            } catch (FileAlreadyExistsException twice) {
                throw new IOException("the message announces the file name " + file.filename() + " twice", twice);
            }
            if (Files.size(copy) != file.size()) {
                throw new IOException("the copy of " + file.filename() + " has " + Files.size(copy)
                        + " bytes where the gateway verified " + file.size());
            }
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String localName(Exchange exchange) {
        String id = exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID, String.class);
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("the received message has no MessageId");
        }
        String name = id.replaceAll("[^A-Za-z0-9._@-]", "_");
        return name.startsWith(".") ? "_" + name.substring(1) : name;
    }

    /** GB file names are letters, digits, '.', '_', '-' (MD007); one that would be hidden or a dot path is prefixed. */
    private static String fileName(String announced) {
        String name = announced.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || name.startsWith(".") ? "_" + name : name;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
