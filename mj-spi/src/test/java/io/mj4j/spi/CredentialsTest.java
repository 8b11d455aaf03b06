package io.mj4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Credentials")
class CredentialsTest {

    private static final String KEY = "sk-live-0123456789abcdef";

    @Test
    @DisplayName("toString never shows the key")
    void toStringHidesKey() {
        // when
        String shown = Credentials.apiKey(KEY).toString();

        // then
        assertThat(shown).isEqualTo("Credentials[apiKey=****]").doesNotContain(KEY).doesNotContain("sk-");
    }

    @Test
    @DisplayName("none() has no key and says so")
    void none() {
        assertThat(Credentials.none().apiKey()).isEmpty();
        assertThat(Credentials.none()).hasToString("Credentials[none]");
    }

    @Test
    @DisplayName("apiKey() hands the key to the provider")
    void apiKeyAccessor() {
        assertThat(Credentials.apiKey(KEY).apiKey()).contains(KEY);
        assertThat(Credentials.apiKey(KEY).requireApiKey("acedata")).isEqualTo(KEY);
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    @DisplayName("a blank key is rejected")
    void blankKey(String key) {
        assertThatThrownBy(() -> Credentials.apiKey(key))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("apiKey: must not be blank");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {" " + KEY, KEY + "\n", KEY + " "})
    @DisplayName("a key with surrounding whitespace is rejected without showing it")
    void paddedKey(String key) {
        assertThatThrownBy(() -> Credentials.apiKey(key))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("apiKey:")
                .hasMessageContaining("whitespace")
                .hasMessageNotContaining(KEY);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"acedata, MJ_ACEDATA_API_KEY", "mj-proxy, MJ_MJ_PROXY_API_KEY"})
    @DisplayName("requireApiKey without a key throws AuthenticationException naming the provider and its env var")
    void requireApiKeyWithoutKey(String providerId, String envVar) {
        // when
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
                () -> Credentials.none().requireApiKey(providerId));

        // then
        assertThat(e.getMessage()).contains(envVar).contains("'" + providerId + "'").doesNotContain("****");
        assertThat(e.providerId()).contains(providerId);
        assertThat(e.retryable()).isFalse();
        assertThat(e.mayHaveCreatedTask()).isFalse();
    }
}
