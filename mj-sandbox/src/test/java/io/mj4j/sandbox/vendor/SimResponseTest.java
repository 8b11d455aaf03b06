package io.mj4j.sandbox.vendor;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SimResponseTest {
    @Test
    @DisplayName("withRetryAfter rounds up to whole seconds (a client told '0' would come back at once) and keeps the reply")
    void retryAfter() {
        SimResponse r = SimResponse.json(429, "{}");
        assertThat(r.withRetryAfter(Duration.ofMillis(1)).headers()).containsEntry("Retry-After", "1");
        assertThat(r.withRetryAfter(Duration.ofSeconds(2)).headers()).containsEntry("Retry-After", "2");
        assertThat(r.withRetryAfter(Duration.ofMillis(2001)).headers()).containsEntry("Retry-After", "3");
        assertThat(r.withRetryAfter(Duration.ZERO).headers()).containsEntry("Retry-After", "0");
        assertThat(r.withRetryAfter(Duration.ofSeconds(1)).headers()).containsEntry("Content-Type", "application/json");
        assertThat(r.withRetryAfter(Duration.ofSeconds(1)).status()).isEqualTo(429);
    }
}
