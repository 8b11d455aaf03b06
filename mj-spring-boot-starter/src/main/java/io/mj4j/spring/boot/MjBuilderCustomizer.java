package io.mj4j.spring.boot;

import io.mj4j.core.Mj;

/**
 * A bean of this type adjusts the {@link Mj.Builder} after the {@code mj4j.*} properties are applied and
 * before the auto-configured {@link Mj} is built: a custom routing policy, a listener, an injected transport.
 * Customizers run in {@link org.springframework.core.Ordered} order.
 */
@FunctionalInterface
public interface MjBuilderCustomizer {
    /** Called once, on the thread that creates the {@code Mj} bean. */
    void customize(Mj.Builder builder);
}
