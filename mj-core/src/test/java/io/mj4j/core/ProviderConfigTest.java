package io.mj4j.core;

import io.mj4j.spi.InvalidRequestException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderConfigTest {

    @Test
    @DisplayName("MJ_<ID>_API_KEY, _BASE_URL, _CALLBACK_URL and _OPT_<NAME> are read from the environment")
    void readsEnvironment() {
        ProviderConfig c = ProviderConfig.fromEnvironment("my-vendor", Map.of(
                "MJ_MY_VENDOR_API_KEY", "sk-123456",
                "MJ_MY_VENDOR_BASE_URL", "https://proxy.example/mj",
                "MJ_MY_VENDOR_CALLBACK_URL", "https://app.example/cb",
                "MJ_MY_VENDOR_OPT_MODE", "relax",
                "MJ_OTHER_API_KEY", "nope"));
        assertThat(c.apiKey()).hasValue("sk-123456");
        assertThat(c.baseUri()).hasValue(URI.create("https://proxy.example/mj"));
        assertThat(c.callbackUri()).hasValue(URI.create("https://app.example/cb"));
        assertThat(c.options()).containsExactly(Map.entry("mode", "relax"));
    }

    @Test
    @DisplayName("explicit settings win over the environment")
    void explicitWins() {
        ProviderConfig env = ProviderConfig.fromEnvironment("v", Map.of("MJ_V_API_KEY", "env-key", "MJ_V_OPT_A", "1", "MJ_V_OPT_B", "2"));
        ProviderConfig c = ProviderConfig.builder().apiKey("explicit").option("a", "9").build().orElse(env);
        assertThat(c.apiKey()).hasValue("explicit");
        assertThat(c.options()).containsEntry("a", "9").containsEntry("b", "2");
    }

    @Test
    @DisplayName("a relative base URL in the environment is an error naming the variable")
    void badUrlNamed() {
        assertThatThrownBy(() -> ProviderConfig.fromEnvironment("v", Map.of("MJ_V_BASE_URL", "not a url")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("MJ_V_BASE_URL");
    }

    @Test
    @DisplayName("toString never shows the key")
    void toStringHidesKey() {
        assertThat(ProviderConfig.apiKey("sk-secret-1").toString()).doesNotContain("sk-secret-1").contains("****");
    }
}
