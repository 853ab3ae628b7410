package io.argus.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Set;

/**
 * Opens a file of the inbox for reading without following a symbolic link. Each folder from the
 * inbox down is opened relative to the one above it, refusing a link ({@link SecureDirectoryStream}:
 * openat with O_NOFOLLOW on Linux), and so is the file itself; a file or folder swapped for a link
 * after Camel listed it (while it waited for argus.inbox.stable-for) therefore cannot lead the read
 * out of the inbox. With argus.inbox.follow-links a link to a file, the last step only, is opened
 * through the link, for reading.
 */
final class InboxFileOpener {
    private static final Set<OpenOption> NOT_THROUGH_LINKS = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> THROUGH_A_LINK = Set.of(StandardOpenOption.READ);

    private final Path inbox;
    private final boolean followFileLinks;

    /** An opened file of the inbox and its modification time; closing it closes the channel. */
    record OpenFile(SeekableByteChannel channel, Instant lastModified) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    InboxFileOpener(Path inbox, boolean followFileLinks) {
        this.inbox = inbox;
        this.followFileLinks = followFileLinks;
    }

    /** The file, open for reading; a link Argus does not follow, or anything but a regular file, is refused. */
    OpenFile open(Path file) {
        Path relative = inbox.relativize(file.toAbsolutePath().normalize());
        try (SecureDirectoryStream<Path> folder = folderOf(relative)) {
            Path name = relative.getFileName();
            BasicFileAttributes entry = attributes(folder, name, LinkOption.NOFOLLOW_LINKS);
            if (entry.isSymbolicLink()) {
                return openThroughLink(folder, name, relative);
            }
            requireRegularFile(entry);
            try {
                return new OpenFile(folder.newByteChannel(name, NOT_THROUGH_LINKS), entry.lastModifiedTime().toInstant());
            } catch (FileSystemException e) {
                if (attributes(folder, name, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
                    throw new RejectedFileException(relative + " was swapped for a symbolic link while Argus opened it,"
                            + " so it was not read", e);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new RejectedFileException("cannot be read: " + e.getMessage(), e);
        }
    }

    private OpenFile openThroughLink(SecureDirectoryStream<Path> folder, Path name, Path relative) throws IOException {
        InboxLink link = InboxLink.at(inbox.resolve(relative), relative.toString());
        if (!followFileLinks) {
            throw link.notFollowed();
        }
        BasicFileAttributes target;
        try {
            target = attributes(folder, name);
        } catch (NoSuchFileException e) {
            throw link.toNothing();
        }
        if (target.isDirectory()) {
            throw link.toFolder();
        }
        requireRegularFile(target);
        return new OpenFile(folder.newByteChannel(name, THROUGH_A_LINK), target.lastModifiedTime().toInstant());
    }

    /** The folder holding the file, reached from the inbox one folder at a time, none of them a link. */
    private SecureDirectoryStream<Path> folderOf(Path relative) throws IOException {
        SecureDirectoryStream<Path> folder = secure(Files.newDirectoryStream(inbox));
        if (relative.getParent() == null) {
            return folder;
        }
        Path walked = Path.of("");
        try {
            for (Path name : relative.getParent()) {
                walked = walked.resolve(name);
                if (attributes(folder, name, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
                    throw InboxLink.at(inbox.resolve(walked), walked.toString()).toFolder();
                }
                SecureDirectoryStream<Path> below = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                folder.close();
                folder = below;
            }
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream) throws IOException {
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IllegalStateException("this platform cannot open a file relative to its folder (no"
                + " SecureDirectoryStream), which Argus needs to read the inbox without following links");
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> folder, Path name, LinkOption... options)
            throws IOException {
        return folder.getFileAttributeView(name, BasicFileAttributeView.class, options).readAttributes();
    }

    /** A pipe or a device would block the read or never end; only regular files are images. */
    private static void requireRegularFile(BasicFileAttributes attributes) {
        if (!attributes.isRegularFile()) {
            throw new RejectedFileException("not a regular file (a pipe, socket or device), so it was not read");
        }
    }
}
