package io.argus.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.Supplier;

/** Secrets the local services generate once: properties files only their owner can read, and random values. */
final class PrivateFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateFiles() {
    }

    /** Random hex of {@code bytes} random bytes. */
    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** The properties of {@code file}, written from {@code generate} first when the file does not exist yet. */
    static Properties loadOrCreate(Path file, Supplier<Properties> generate) {
        try {
            if (!Files.exists(file)) {
                write(file, generate.get());
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** A user and a generated password ({@code username}, {@code password}), kept in {@code file} from the first call on. */
    static Properties generatedUser(Path file, String username) {
        return loadOrCreate(file, () -> {
            Properties generated = new Properties();
            generated.setProperty("username", username);
            generated.setProperty("password", randomHex(20));
            return generated;
        });
    }

    /** Writes a properties file readable by its owner only (it never exists with wider rights, even briefly). */
    static void write(Path file, Properties properties) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "Written by Argus; secret, readable by its owner only");
        }
    }
}
