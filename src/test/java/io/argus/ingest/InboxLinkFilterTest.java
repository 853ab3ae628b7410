package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.file.FileConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the inbox consumer lists: every entry but a folder link and a link to nothing, which are handed over. */
class InboxLinkFilterTest {
    @TempDir
    Path inbox;

    @TempDir
    Path elsewhere;

    private final Map<String, String> rejected = new LinkedHashMap<>();
    private final InboxLinkFilter filter = new InboxLinkFilter(
            (link, relativePath, reason) -> rejected.put(relativePath, reason.getMessage()));

    /** Asks the filter about an entry as Camel's file consumer lists it. */
    private boolean listed(Path entry) {
        return filter.accept(FileConsumer.asGenericFile(inbox.toString(), entry.toFile(), null, false));
    }

    @Test
    void aFolderLinkIsNotEnteredButHandedOverWithItsReason() throws IOException {
        Path link = Files.createSymbolicLink(Files.createDirectories(inbox.resolve("trips")).resolve("holiday"),
                Files.createDirectories(elsewhere.resolve("holiday")));

        assertThat(listed(link)).isFalse();
        assertThat(rejected).containsOnlyKeys("trips/holiday");
        assertThat(rejected.get("trips/holiday")).startsWith("trips/holiday is a symbolic link to a folder");
    }

    @Test
    void aLinkToNothingIsHandedOver() throws IOException {
        Path link = Files.createSymbolicLink(inbox.resolve("gone.jpg"), elsewhere.resolve("gone.jpg"));

        assertThat(listed(link)).isFalse();
        assertThat(rejected).containsOnlyKeys("gone.jpg");
    }

    @Test
    void filesFoldersAndLinksToFilesAreListedForTheRouteToDecide() throws IOException {
        Path folder = Files.createDirectories(inbox.resolve("cam"));
        Path file = Files.writeString(folder.resolve("a.jpg"), "photo");
        Path fileLink = Files.createSymbolicLink(inbox.resolve("b.jpg"), Files.writeString(elsewhere.resolve("b.jpg"), "b"));

        assertThat(listed(folder)).isTrue();
        assertThat(listed(file)).isTrue();
        assertThat(listed(fileLink)).isTrue();
        assertThat(rejected).isEmpty();
    }
}
