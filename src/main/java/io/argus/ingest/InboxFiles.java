package io.argus.ingest;

import io.argus.config.ArgusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The files of the inbox: opened for reading without following links, then moved to done or
 * rejected, or deleted. A move or delete never goes through a folder link (it would take a file
 * from outside the inbox); a link itself is moved or deleted as the link, never its target.
 */
public final class InboxFiles {
    private final ArgusConfig.Inbox inbox;
    private final InboxFileOpener opener;

    public InboxFiles(ArgusConfig.Inbox inbox) {
        this.inbox = inbox;
        this.opener = new InboxFileOpener(inbox.dir(), inbox.followLinks());
    }

    /** The file open for reading; a link or a file below a folder link is a {@link RejectedFileException}. */
    public InboxFileOpener.OpenFile open(Path file) {
        return opener.open(file);
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

    private void move(Path file, Path target) {
        requireNoFolderLinkAbove(file);
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + target, e);
        }
    }

    private void delete(Path file) {
        requireNoFolderLinkAbove(file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /** Files.move and Files.delete follow links in the folders of a path, though not its last name. */
    private void requireNoFolderLinkAbove(Path file) {
        for (Path folder = file.toAbsolutePath().normalize().getParent();
             folder != null && folder.startsWith(inbox.dir()) && !folder.equals(inbox.dir());
             folder = folder.getParent()) {
            if (Files.isSymbolicLink(folder)) {
                throw new IllegalStateException("will not move or delete " + file + ": the folder " + folder
                        + " is a symbolic link, so the file lies outside the inbox");
            }
        }
    }
}
