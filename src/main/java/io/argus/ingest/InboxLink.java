package io.argus.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A symbolic link found in the inbox, and the reasons it is refused: each names the link (its path
 * below the inbox), where it points, and what, if anything, would let Argus take it.
 */
record InboxLink(String path, String target) {

    /** The link at {@code link}; reading where a link points does not follow it. */
    static InboxLink at(Path link, String path) {
        try {
            return new InboxLink(path, Files.readSymbolicLink(link).toString());
        } catch (IOException e) {
            return new InboxLink(path, "a target that cannot be read (" + e.getMessage() + ")");
        }
    }

    /** A link to a file while argus.inbox.follow-links is false. */
    RejectedFileException notFollowed() {
        return new RejectedFileException(path + " is a symbolic link (to " + target + "), and links in the inbox are"
                + " not followed, so it was not read; argus.inbox.follow-links=true lets Argus read the file a link"
                + " points to");
    }

    /** A link to a folder, whatever argus.inbox.follow-links says. */
    RejectedFileException toFolder() {
        return new RejectedFileException(path + " is a symbolic link to a folder (" + target + "), and folder links"
                + " are never followed, not even with argus.inbox.follow-links=true: Argus would list a folder it does"
                + " not own at every poll and could not move its files out of it");
    }

    /** A link whose target does not exist. */
    RejectedFileException toNothing() {
        return new RejectedFileException(path + " is a symbolic link to " + target + ", which does not exist");
    }
}
