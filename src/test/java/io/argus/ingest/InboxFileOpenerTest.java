package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a file of the inbox: links are not followed, and with follow-links only a link to a file is. */
class InboxFileOpenerTest {
    @TempDir
    Path inbox;

    @TempDir
    Path elsewhere;

    private static byte[] read(InboxFileOpener opener, Path file) throws IOException {
        try (InboxFileOpener.OpenFile opened = opener.open(file)) {
            return Channels.newInputStream(opened.channel()).readAllBytes();
        }
    }

    @Test
    void aFileInASubFolderOpensWithItsContent() throws IOException {
        Path file = Files.createDirectories(inbox.resolve("cam/2024")).resolve("a.jpg");
        Files.writeString(file, "photo");

        assertThat(read(new InboxFileOpener(inbox, false), file)).asString().isEqualTo("photo");
    }

    @Test
    void aLinkToAFileIsRefusedUnreadWithAReasonNamingTheLinkAndTheSetting() throws IOException {
        Path target = Files.writeString(elsewhere.resolve("secret.txt"), "secret");
        Path link = Files.createSymbolicLink(Files.createDirectories(inbox.resolve("cam")).resolve("a.jpg"), target);

        assertThatThrownBy(() -> read(new InboxFileOpener(inbox, false), link))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("cam/a.jpg is a symbolic link (to " + target + ")")
                .hasMessageContaining("argus.inbox.follow-links=true");
    }

    @Test
    void withFollowLinksALinkToAFileOpensWhatItPointsTo() throws IOException {
        Path target = Files.writeString(elsewhere.resolve("shared.jpg"), "shared photo");
        Path link = Files.createSymbolicLink(inbox.resolve("shared.jpg"), target);

        assertThat(read(new InboxFileOpener(inbox, true), link)).asString().isEqualTo("shared photo");
    }

    @Test
    void aFileBelowAFolderLinkIsRefusedEvenWithFollowLinksAndTheReasonNamesTheFolderLink() throws IOException {
        Files.writeString(Files.createDirectories(elsewhere.resolve("holiday")).resolve("beach.jpg"), "beach");
        Files.createSymbolicLink(Files.createDirectories(inbox.resolve("trips")).resolve("holiday"),
                elsewhere.resolve("holiday"));

        assertThatThrownBy(() -> read(new InboxFileOpener(inbox, true), inbox.resolve("trips/holiday/beach.jpg")))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageStartingWith("trips/holiday is a symbolic link to a folder (" + elsewhere.resolve("holiday")
                        + ")")
                .hasMessageContaining("never followed");
    }

    @Test
    void withFollowLinksALinkToNothingIsRefusedAsSuch() throws IOException {
        Path link = Files.createSymbolicLink(inbox.resolve("gone.jpg"), elsewhere.resolve("gone.jpg"));

        assertThatThrownBy(() -> read(new InboxFileOpener(inbox, true), link))
                .isInstanceOf(RejectedFileException.class)
                .hasMessage("gone.jpg is a symbolic link to " + elsewhere.resolve("gone.jpg") + ", which does not exist");
    }

    @Test
    void aNamedPipeIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path pipe = inbox.resolve("pipe.jpg");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> read(new InboxFileOpener(inbox, false), pipe))
                .isInstanceOf(RejectedFileException.class)
                .hasMessageContaining("not a regular file");
    }
}
