package io.mj4j.spring.boot;

import io.mj4j.core.store.InMemoryTaskStore;
import io.mj4j.core.MjConfigurationException;
import io.mj4j.core.store.TaskStore;
import io.mj4j.store.jdbc.JdbcTaskStore;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * Chooses the task store from {@code mj4j.store.type}: the application's {@link DataSource} when it has one
 * ({@code auto}, {@code data-source}), an embedded H2 file otherwise ({@code auto}, {@code h2-file}), or memory
 * ({@code in-memory}: tasks do not survive a restart).
 */
final class MjStoreFactory {
    private MjStoreFactory() {
    }

    static TaskStore create(Mj4jProperties.Store p, Optional<DataSource> dataSource) {
        return switch (p.getType()) {
            case IN_MEMORY -> new InMemoryTaskStore();
            case H2_FILE -> JdbcTaskStore.h2File(p.getH2File());
            case DATA_SOURCE -> JdbcTaskStore.open(dataSource.orElseThrow(() -> new MjConfigurationException(
                    "mj4j.store.type is data-source but the application has no DataSource bean; configure spring.datasource.* "
                            + "or set mj4j.store.type to h2-file or in-memory")), p.getMaxConnections());
            case AUTO -> dataSource.map(ds -> (TaskStore) JdbcTaskStore.open(ds, p.getMaxConnections()))
                    .orElseGet(() -> JdbcTaskStore.h2File(p.getH2File()));
        };
    }
}
