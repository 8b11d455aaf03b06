package io.mj4j.spi;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ModerationTest {
    @ParameterizedTest
    @ValueSource(strings = {"Banned prompt detected", "Sorry! Our AI moderators feel your prompt might be against our community standards.",
            "The prompt violates our content policy", "检测到敏感词", "Prompt blocked by the image filter"})
    @DisplayName("Midjourney's and the resellers' moderation wordings read as rejections")
    void moderationWordings(String text) {
        assertThat(Moderation.soundsLikeRejection(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Forbidden", "<html><head><title>403 Forbidden</title></head><body>nginx</body></html>",
            "Access blocked", "Your account is blocked", "IP not allowed", "Method Not Allowed", "禁止上传", "演示模式，禁止操作"})
    @DisplayName("gateway and account refusals (403 Forbidden, blocked, not allowed) are not moderation")
    void accountRefusals(String text) {
        assertThat(Moderation.soundsLikeRejection(text)).isFalse();
    }
}
