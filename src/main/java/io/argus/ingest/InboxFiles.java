package io.argus.ingest;

import io.argus.config.ArgusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/** What happens to a file of the inbox once ingest is done with it. */
public final class InboxFiles {
    private final ArgusConfig.Inbox inbox;

    public InboxFiles(ArgusConfig.Inbox inbox) {
        this.inbox = inbox;
    }

    public String relativePath(Path file) {
        return inbox.dir().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Ingested (or already ingested): moved under the done folder, or deleted. */
    public void done(Path file) {
        if (inbox.afterIngest() == ArgusConfig.AfterIngest.DELETE) {
            delete(file);
        } else {
            move(file, inbox.doneDir().resolve(relativePath(file)));
        }
    }

    /** Not ingestible: moved under the rejected folder, next to a .reason file saying why. */
    public void reject(Path file, String reason) {
        Path target = inbox.rejectedDir().resolve(relativePath(file));
        move(file, target);
        try {
            Files.writeString(target.resolveSibling(target.getFileName() + ".reason"),
                    reason + "\n(rejected at " + Instant.now() + ")\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reason for " + target, e);
        }
    }

    private static void move(Path file, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + target, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }
}
