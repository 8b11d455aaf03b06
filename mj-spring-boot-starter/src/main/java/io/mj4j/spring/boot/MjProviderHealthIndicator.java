package io.mj4j.spring.boot;

import io.mj4j.core.Mj;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The health of one provider as the engine sees it: UP while its circuit is closed, DOWN while it is open (after
 * consecutive request errors or failed and stalled tasks; new root tasks then go to other providers). Details:
 * provider id and name and the circuit state; never a key or a URL with credentials.
 */
public final class MjProviderHealthIndicator extends AbstractHealthIndicator {
    private final Mj mj;
    private final String providerId;

    public MjProviderHealthIndicator(Mj mj, String providerId) {
        super("mj4j provider health check failed");
        this.mj = mj;
        this.providerId = providerId;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean closed = mj.healthy(providerId);
        (closed ? builder.up() : builder.down())
                .withDetail("provider", providerId)
                .withDetail("name", mj.descriptor(providerId).displayName())
                .withDetail("circuit", closed ? "closed" : "open");
    }
}
