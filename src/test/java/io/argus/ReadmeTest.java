package io.argus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README is part of the product: the quick start may not drift, and it stays an overview. */
class ReadmeTest {
    private static final Pattern CODE_BLOCK = Pattern.compile("```bash\\n(.*?)\\n```", Pattern.DOTALL);

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void theQuickStartHasTheRunCommandThenTheTestCommandAndCiRunsTheTestCommand() throws IOException {
        String readme = readme();
        String quickStart = readme.substring(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
        List<String> blocks = new ArrayList<>();
        Matcher matcher = CODE_BLOCK.matcher(quickStart);
        while (matcher.find()) {
            blocks.add(matcher.group(1).trim());
        }
        assertThat(blocks).containsExactly("./argus run", "./argus test");
        List<String> ciCommands = Files.readAllLines(Path.of(".ci/run")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("set ") && !line.startsWith("cd "))
                .toList();
        assertThat(ciCommands).containsExactly("exec ./argus test");
    }

    @Test
    void theReadmeStaysShortShowsTheDashboardAndItsLinksIntoTheDocsLead() throws IOException {
        String readme = readme();
        assertThat(readme.length()).as("README.md in bytes").isLessThanOrEqualTo(10 * 1024);
        Matcher link = Pattern.compile("\\]\\((docs/[a-z-]+\\.md)\\)").matcher(readme);
        int links = 0;
        while (link.find()) {
            assertThat(Path.of(link.group(1))).as(link.group(1)).isRegularFile();
            links++;
        }
        assertThat(links).isGreaterThanOrEqualTo(6);
        Matcher screenshot = Pattern.compile("!\\[[^]]+\\]\\((docs/images/[a-z-]+\\.png)\\)").matcher(readme);
        assertThat(screenshot.find()).as("the README shows the dashboard").isTrue();
        assertThat(Path.of(screenshot.group(1))).isRegularFile();
    }
}
