package io.argus.ingest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * The inbox consumer's filter, asked about every entry Camel lists. A symbolic link to a folder is
 * not entered (the recursive consumer would take the files of a folder Argus does not own, whatever
 * argus.inbox.follow-links says), and a link to nothing would never hold still for the read lock:
 * both are handed over to be rejected. Everything else passes, a link to a file included: whether
 * one is read is decided by the route, on the file as it opens it.
 */
public final class InboxLinkFilter implements GenericFileFilter<File> {
    private final Rejection reject;

    /** What becomes of a refused link: its path, its path below the inbox, and why it is refused. */
    @FunctionalInterface
    public interface Rejection {
        void reject(Path link, String relativePath, RejectedFileException reason);
    }

    public InboxLinkFilter(Rejection reject) {
        this.reject = reject;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = file.getFile().toPath();
        if (!Files.isSymbolicLink(path)) {
            return true;
        }
        String relativePath = file.getRelativeFilePath().replace('\\', '/');
        InboxLink link = InboxLink.at(path, relativePath);
        if (file.isDirectory()) {
            reject.reject(path, relativePath, link.toFolder());
            return false;
        }
        if (!Files.exists(path)) {
            reject.reject(path, relativePath, link.toNothing());
            return false;
        }
        return true;
    }
}
