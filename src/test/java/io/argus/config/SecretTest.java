package io.argus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void itsTextIsShownAsTheMaskWhereverItIsPrinted() {
        Secret secret = new Secret("wJalrXUtnFEMI");
        assertThat(secret).hasToString(Secret.MASK);
        assertThat(Optional.of(secret).toString()).doesNotContain("wJalrXUtnFEMI");
        assertThat(new ArgusConfig.Elasticsearch(Optional.empty(), Optional.of("argus"), Optional.of(secret),
                Optional.empty()).toString()).contains("argus").doesNotContain("wJalrXUtnFEMI");
    }

    @Test
    void itsValueIsTheTextAsConfigured() {
        assertThat(new Secret("wJalrXUtnFEMI").value()).isEqualTo("wJalrXUtnFEMI");
        assertThat(Settings.API_TOKEN.parse(" a-token-of-sixteen-plus ")).contains(new Secret("a-token-of-sixteen-plus"));
        assertThat(Settings.API_TOKEN.parse("")).isEmpty();
    }

    @Test
    void everySettingDeclaredSecretIsReadAsOne() {
        assertThat(Settings.all()).filteredOn(Setting::secret).isNotEmpty().allSatisfy(setting ->
                assertThat(setting.parse("x")).isEqualTo(Optional.of(new Secret("x"))));
        assertThatThrownBy(() -> Types.SECRET.parse("")).hasMessage("must not be empty");
    }
}
