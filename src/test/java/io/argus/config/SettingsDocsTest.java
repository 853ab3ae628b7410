package io.argus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * application.properties and the table of docs/configuration.md are written from {@link Settings}:
 * this test fails when either differs from the declarations. Run it with
 * {@code -Dargus.write-settings-docs=true} to write both again after changing a declaration.
 */
class SettingsDocsTest {
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path DOCS = Path.of("docs/configuration.md");
    private static final String BEGIN = "<!-- settings: written from io.argus.config.Settings by SettingsDocsTest -->";
    private static final String END = "<!-- end of settings -->";
    private static final boolean WRITE = Boolean.getBoolean("argus.write-settings-docs");

    @Test
    void applicationPropertiesHoldsTheDeclaredDefaults() throws IOException {
        String expected = propertiesFile();
        if (WRITE) {
            Files.writeString(PROPERTIES, expected);
        }
        assertThat(Files.readString(PROPERTIES)).as("%s is written from Settings", PROPERTIES).isEqualTo(expected);
        Properties loaded = new Properties();
        try (var in = Files.newBufferedReader(PROPERTIES)) {
            loaded.load(in);
        }
        assertThat(loaded).isEqualTo(Settings.defaults());
    }

    @Test
    void theDocsTableDocumentsEveryDeclaredSetting() throws IOException {
        String docs = Files.readString(DOCS);
        Matcher table = Pattern.compile(Pattern.quote(BEGIN) + "\n(.*?)" + Pattern.quote(END), Pattern.DOTALL)
                .matcher(docs);
        assertThat(table.find()).as("%s has the generated table between its markers", DOCS).isTrue();
        String expected = markdownTable();
        if (WRITE) {
            Files.writeString(DOCS, docs.substring(0, table.start(1)) + expected + docs.substring(table.end(1)));
        }
        assertThat(table.group(1)).as("the settings table of %s is written from Settings", DOCS).isEqualTo(expected);
    }

    @Test
    void everyDefaultIsAValidValue() {
        List<String> invalid = new ArrayList<>();
        for (Setting<?> setting : Settings.all()) {
            try {
                setting.defaultParsed();
            } catch (InvalidValueException e) {
                invalid.add(setting.name() + ": " + e.getMessage());
            }
        }
        assertThat(invalid).isEmpty();
    }

    @Test
    void namesAreUniqueAndDocumented() {
        assertThat(Settings.all()).extracting(Setting::name).doesNotHaveDuplicates()
                .allMatch(name -> name.matches("argus\\.[a-z0-9.-]+"));
        assertThat(Settings.all()).allMatch(setting -> !setting.documentation().isBlank());
    }

    static String propertiesFile() {
        StringBuilder out = new StringBuilder("""
                # Argus's settings and their defaults, written from io.argus.config.Settings (change them there:
                # SettingsDocsTest fails when this file differs). docs/configuration.md documents each.
                # Every setting can be overridden, in this order of precedence (highest first): a -D system
                # property, an environment variable (upper case, '.' and '-' become '_', e.g. ARGUS_INBOX_DIR),
                # the external file named by --config / ARGUS_CONFIG_FILE.
                # An empty value means "derived" (see the docs), or "not configured" for external endpoints.
                """);
        String group = "";
        for (Setting<?> setting : Settings.all()) {
            String settingGroup = group(setting);
            if (!settingGroup.equals(group)) {
                out.append('\n');
                group = settingGroup;
            }
            out.append(setting.name()).append('=').append(setting.defaultValue()).append('\n');
        }
        return out.toString();
    }

    static String markdownTable() {
        StringBuilder out = new StringBuilder("| property | default | importance | meaning |\n|---|---|---|---|\n");
        for (Setting<?> setting : Settings.all()) {
            String shown = setting.shownDefault()
                    .orElse(setting.defaultValue().isEmpty() ? "empty" : "`" + setting.defaultValue() + "`");
            out.append("| `").append(setting.name()).append("` | ").append(shown).append(" | ")
                    .append(setting.importance().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(setting.documentation()).append(" |\n");
        }
        return out.toString();
    }

    /** {@code argus.inbox.dir} is in the group {@code inbox}. */
    private static String group(Setting<?> setting) {
        return setting.name().split("\\.")[1];
    }
}
