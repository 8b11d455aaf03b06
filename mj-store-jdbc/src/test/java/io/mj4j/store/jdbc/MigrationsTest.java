package io.mj4j.store.jdbc;

import io.mj4j.store.jdbc.internal.Migrations;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The schema migrations")
class MigrationsTest {
    @Test
    @DisplayName("every script in the migration folder is listed, in version order, and nothing else")
    void listMatchesFolder() throws IOException, URISyntaxException {
        Path folder = Path.of(Migrations.class.getResource("/io/mj4j/store/jdbc/migration/").toURI());
        List<String> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }

        assertThat(Migrations.SCRIPTS).containsExactlyElementsOf(files);
        assertThat(Migrations.scripts()).extracting(Migrations.Script::version).containsExactly(1, 2);
    }

    @Test
    @DisplayName("the first script creates the two task tables and their indexes, each re-runnable")
    void firstScript() {
        String sql = Migrations.scripts().get(0).sql();

        assertThat(sql).contains("CREATE TABLE IF NOT EXISTS mj4j_task (", "CREATE TABLE IF NOT EXISTS mj4j_task_transition (",
                "CREATE INDEX IF NOT EXISTS mj4j_task_vendor_idx ON mj4j_task (provider_id, vendor_task_id)");
        assertThat(sql.lines().filter(l -> l.startsWith("CREATE ")).allMatch(l -> l.contains("IF NOT EXISTS"))).isTrue();
        assertThat(sql).doesNotContainIgnoringCase("api_key");
    }
}
