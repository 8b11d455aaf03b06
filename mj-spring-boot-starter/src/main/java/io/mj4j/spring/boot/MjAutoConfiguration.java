package io.mj4j.spring.boot;

import io.mj4j.core.Mj;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.MjEvents;
import io.mj4j.core.store.TaskStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * Auto-configures an {@link Mj} client from {@code mj4j.*} properties ({@link Mj4jProperties}), its task store,
 * and, where the application has them, the callback route (Spring MVC), a health indicator per provider
 * (Actuator) and meters (Micrometer). Every bean backs off when the application defines its own.
 *
 * <p>The client is closed with the application context (after the web server stopped taking callbacks, as
 * beans are destroyed after the lifecycle phases): polling stops, unfinished tasks stay in the store and are
 * resumed on the next start ({@code mj4j.resume-on-start}, default true).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"})
@ConditionalOnClass(Mj.class)
@EnableConfigurationProperties(Mj4jProperties.class)
public class MjAutoConfiguration {

    /** The store: see {@link Mj4jProperties.Store}. Closed with the context when it is closeable. */
    @Bean
    @ConditionalOnMissingBean
    public TaskStore mjTaskStore(Mj4jProperties properties, ObjectProvider<DataSource> dataSource) {
        return MjStoreFactory.create(properties.getStore(), Optional.ofNullable(dataSource.getIfUnique()));
    }

    /** The client, built from the properties, every {@link MjEvents} bean and every {@link MjBuilderCustomizer}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Mj mj(Mj4jProperties properties, TaskStore store, ObjectProvider<MjEvents> events,
                 ObjectProvider<MjBuilderCustomizer> customizers) {
        Mj.Builder builder = MjBuilderFactory.builder(properties, store, System.getenv());
        events.orderedStream().forEach(builder::events);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        Mj mj = builder.build();
        if (properties.isResumeOnStart()) {
            mj.resumeActive();
        }
        return mj;
    }

    /** The callback endpoint, when {@code mj4j.callbacks.public-base} is set and the application serves Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(RouterFunction.class)
    @ConditionalOnProperty(prefix = "mj4j.callbacks", name = "public-base")
    static class CallbackRouteConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "mjCallbackRoute")
        RouterFunction<ServerResponse> mjCallbackRoute(Mj mj, Mj4jProperties properties) {
            return MjCallbackRoute.route(properties.getCallbacks().routePath(), mj.callbackReceiver().orElseThrow(() ->
                    new MjConfigurationException("mj4j.callbacks.public-base is set but the Mj bean takes no callbacks: "
                            + "an Mj defined by the application must call callbacks(publicBase, secret) on its builder")));
        }
    }

    /** Engine events as Micrometer meters, when the application has a {@code MeterRegistry} and mj-micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "io.mj4j.micrometer.MicrometerEvents"})
    @ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        io.mj4j.micrometer.MicrometerEvents mjMicrometerEvents(io.micrometer.core.instrument.MeterRegistry registry) {
            return new io.mj4j.micrometer.MicrometerEvents(registry);
        }
    }

    /** A health indicator per provider, {@code /actuator/health/mj4j/<id>}, when Actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.mj4j", name = "enabled", matchIfMissing = true)
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "mj4jHealthContributor")
        org.springframework.boot.actuate.health.CompositeHealthContributor mj4jHealthContributor(Mj mj) {
            java.util.Map<String, org.springframework.boot.actuate.health.HealthIndicator> indicators = new java.util.LinkedHashMap<>();
            for (String id : mj.providers()) {
                indicators.put(id, new MjProviderHealthIndicator(mj, id));
            }
            return org.springframework.boot.actuate.health.CompositeHealthContributor.fromMap(indicators);
        }
    }
}
