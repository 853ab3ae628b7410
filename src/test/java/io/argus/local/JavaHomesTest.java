package io.argus.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaHomesTest {
    @Test
    void aConfiguredHomeThatIsNoJava21IsRefusedNamingTheProperty(@TempDir Path notAJdk) {
        assertThatThrownBy(() -> JavaHomes.find(21, Optional.of(notAJdk), "argus.local.elasticsearch.java-home"))
                .hasMessageContaining("argus.local.elasticsearch.java-home: " + notAJdk + " is not a Java 21+ installation");
    }

    @Test
    void thisJvmIsRecognisedWithItsFeatureVersion() {
        Path home = Path.of(System.getProperty("java.home"));
        assertThat(JavaHomes.version(home)).contains(Runtime.version().feature());
    }

    @Test
    void theSearchFindsAJava21OrNewerForTheLocalElasticsearch() {
        Path found = JavaHomes.find(21, Optional.empty(), "argus.local.elasticsearch.java-home");
        assertThat(JavaHomes.version(found)).hasValueSatisfying(version -> assertThat(version).isGreaterThanOrEqualTo(21));
    }

    @Test
    void noQualifyingJavaGivesAMessageSayingWhatToInstall() {
        assertThatThrownBy(() -> JavaHomes.find(999, Optional.empty(), "argus.local.elasticsearch.java-home"))
                .hasMessageContaining("needs Java 999 or newer, and none was found")
                .hasMessageContaining("Install one");
    }
}
