package io.mj4j.core.internal;

import io.mj4j.spi.AuthenticationException;
import io.mj4j.spi.ContentRejectedException;
import io.mj4j.spi.Failure;
import io.mj4j.spi.FailureCategory;
import io.mj4j.spi.InsufficientBalanceException;
import io.mj4j.spi.InvalidRequestException;
import io.mj4j.spi.MjException;
import io.mj4j.spi.ProviderUnavailableException;
import io.mj4j.spi.RateLimitedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SubmitFailures: a refused submit is stored with its category and vendor code")
class SubmitFailuresTest {
    private static Failure of(MjException e) {
        return SubmitFailures.of(e, e.getMessage());
    }

    @Test
    @DisplayName("authentication, no account, banned prompt, balance, bad request and rate limit each keep their own category and code")
    void categories() {
        assertThat(of(new AuthenticationException("401").withHttpStatus(401)))
                .extracting(Failure::category, Failure::vendorCode).containsExactly(FailureCategory.AUTHENTICATION, java.util.Optional.of("HTTP 401"));
        assertThat(of(new ProviderUnavailableException("no account", false).withVendorCode("3")))
                .extracting(Failure::category, Failure::vendorCode).containsExactly(FailureCategory.UNAVAILABLE, java.util.Optional.of("3"));
        assertThat(of(new ContentRejectedException("banned").withVendorCode("24")))
                .extracting(Failure::category, Failure::vendorCode).containsExactly(FailureCategory.PROMPT_REJECTED, java.util.Optional.of("24"));
        assertThat(of(new InsufficientBalanceException("quota")).category()).isEqualTo(FailureCategory.INSUFFICIENT_BALANCE);
        assertThat(of(new InvalidRequestException("bad")).category()).isEqualTo(FailureCategory.INVALID_REQUEST);
        assertThat(of(new RateLimitedException("slow down", null)).category()).isEqualTo(FailureCategory.UNAVAILABLE);
        assertThat(of(new MjException("odd", null, false, false)).category()).isEqualTo(FailureCategory.VENDOR_ERROR);
        assertThat(of(new InvalidRequestException("bad")).vendorCode()).isEmpty();
    }
}
