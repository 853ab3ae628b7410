package io.argus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The settings' value types: what each accepts, and the reason it gives for what it refuses. */
class TypesTest {
    private enum Mode { MOVE, OPENCV_BUILTIN }

    @Test
    void sizesTakeAUnitOrBytesAndRefuseZeroAndWords() {
        assertThat(Types.BYTE_SIZE.parse("512KB")).isEqualTo(512L << 10);
        assertThat(Types.BYTE_SIZE.parse("256mb")).isEqualTo(256L << 20);
        assertThat(Types.BYTE_SIZE.parse("2GB")).isEqualTo(2L << 30);
        assertThat(Types.BYTE_SIZE.parse("100")).isEqualTo(100L);
        assertThatThrownBy(() -> Types.BYTE_SIZE.parse("0MB")).hasMessage("must be larger than 0");
        assertThatThrownBy(() -> Types.BYTE_SIZE.parse("lots"))
                .hasMessage("is not a size; use e.g. 512KB, 256MB or 2GB");
    }

    @Test
    void durationsAreZeroOnlyWhereAllowedAndNeverNegative() {
        assertThat(Types.DURATION_OR_ZERO.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Types.POSITIVE_DURATION.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Types.POSITIVE_DURATION.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Types.POSITIVE_DURATION.parse("0"))
                .hasMessage("must be a positive duration such as 500ms, 2s or 1m");
        assertThatThrownBy(() -> Types.DURATION_OR_ZERO.parse("-2s"))
                .hasMessage("must be a duration such as 0, 500ms, 2s or 1m");
        assertThatThrownBy(() -> Types.POSITIVE_DURATION.parse("soon"))
                .hasMessage("is not a duration; use e.g. 500ms, 2s or 1m");
    }

    @Test
    void numbersAreCheckedAgainstTheirRange() {
        assertThat(Types.integer(1, 10).parse("10")).isEqualTo(10);
        assertThatThrownBy(() -> Types.integer(1, 10).parse("11")).hasMessage("must be between 1 and 10");
        assertThatThrownBy(() -> Types.integer(1, 10).parse("1.5")).hasMessage("is not a whole number");
        assertThat(Types.FRACTION.parse("0.25")).isEqualTo(0.25);
        assertThatThrownBy(() -> Types.FRACTION.parse("1.5")).hasMessage("must be a number between 0 and 1");
        assertThatThrownBy(() -> Types.FRACTION.parse("NaN")).hasMessage("must be a number between 0 and 1");
        assertThatThrownBy(() -> Types.POSITIVE_LONG.parse("0")).hasMessage("must be larger than 0");
    }

    @Test
    void listsIgnoreBlanksAndLabelFractionsKeepTheirOrder() {
        assertThat(Types.LIST.parse(" a, ,b ,")).containsExactly("a", "b");
        assertThat(Types.LIST.parse("")).isEqualTo(List.of());
        Map<String, Double> fractions = Types.FRACTIONS.parse("person=0.6, car=0.25");
        assertThat(fractions.keySet()).containsExactly("person", "car");
        assertThat(fractions).containsEntry("person", 0.6).containsEntry("car", 0.25);
        assertThatThrownBy(() -> Types.FRACTIONS.parse("person"))
                .hasMessage("must be a comma-separated list of name=number, e.g. person=0.6,car=0.3");
        assertThatThrownBy(() -> Types.FRACTIONS.parse("person=2")).hasMessage("must be a number between 0 and 1");
    }

    @Test
    void choicesAreWrittenInLowerCaseWithDashesAndTheRefusalListsThem() {
        assertThat(Types.choice(Mode.class).parse("opencv-builtin")).isEqualTo(Mode.OPENCV_BUILTIN);
        assertThat(Types.choice(Mode.class).parse("MOVE")).isEqualTo(Mode.MOVE);
        assertThatThrownBy(() -> Types.choice(Mode.class).parse("copy"))
                .hasMessage("must be one of move, opencv-builtin");
        assertThat(Types.settingName(Mode.OPENCV_BUILTIN)).isEqualTo("opencv-builtin");
    }

    @Test
    void urlsZonesPrefixesAndPatternsSayWhatIsWrong() {
        assertThat(Types.HTTP_URL.parse("https://search.example:9200")).isEqualTo(URI.create("https://search.example:9200"));
        assertThatThrownBy(() -> Types.HTTP_URL.parse("ftp://files.example"))
                .hasMessage("must be an http:// or https:// URL with a host");
        assertThatThrownBy(() -> Types.HTTP_URL.parse("http://bad host")).hasMessage("is not a URL");
        assertThat(Types.ZONE.parse("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThatThrownBy(() -> Types.ZONE.parse("Mars/Olympus"))
                .hasMessage("is not a time zone; use an IANA name such as UTC or Europe/Berlin");
        assertThat(Types.S3_PREFIX.parse("images/")).isEqualTo("images/");
        assertThatThrownBy(() -> Types.S3_PREFIX.parse("/images/"))
                .hasMessage("must be a relative S3 prefix ending with '/', e.g. images/");
        assertThatThrownBy(() -> Types.S3_PREFIX.parse("")).hasMessage("must not be empty");
        assertThatThrownBy(() -> Types.matching(Pattern.compile("[a-z]+"), "must be lower-case letters").parse("A1"))
                .hasMessage("must be lower-case letters");
        assertThatThrownBy(() -> Types.BOOLEAN.parse("yes")).hasMessage("must be true or false");
    }
}
