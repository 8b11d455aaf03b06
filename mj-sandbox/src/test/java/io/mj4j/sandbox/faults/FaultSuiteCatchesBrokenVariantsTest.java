package io.mj4j.sandbox.faults;

import io.mj4j.sandbox.faults.FaultScenarios.Scenario;
import io.mj4j.sandbox.faults.FaultScenarios.Verdict;
import io.mj4j.spi.MjProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite's self-test: each scenario run on a deliberately broken stack ({@link BrokenProviders})
 * must report the violation it exists to catch. If one of these passes with no violation, the matching row
 * of {@link FaultSuiteTest} proves nothing. Results go to {@code target/fault-broken.md} (README's table
 * shows them beside the honest rows).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Fault suite self-test: broken variants make their scenario fail")
class FaultSuiteCatchesBrokenVariantsTest {
    private static final Map<Integer, String> ROWS = new ConcurrentSkipListMap<>();

    private static void caught(int order, String variant, UnaryOperator<MjProvider> broken, Scenario scenario, String expected)
            throws Exception {
        Verdict v = scenario.run(broken);
        ROWS.put(order, "| " + variant + " | " + v.row().scenario() + " | " + String.join("; ", v.violations().stream().map(x -> x.replaceAll("; details: .*$", ")")).toList()) + " |");
        assertThat(v.violations()).as("%s on '%s' should violate '%s'; row %s", variant, v.row().scenario(), expected, v.row())
                .anySatisfy(s -> assertThat(s).startsWith(expected));
    }

    @Test @Order(1) @DisplayName("a provider that resends on 5xx makes duplicates in the 5xx storm")
    void resendsOn5xx() throws Exception {
        caught(1, "resends the submit on 5xx", BrokenProviders.RESENDS_ON_5XX, FaultScenarios::serverErrorStorm, "duplicates");
    }

    @Test @Order(2) @DisplayName("a provider that calls an ambiguous submit 'not created' makes duplicates when the connection drops after creating")
    void ambiguousAsNotCreated() throws Exception {
        caught(2, "marks an ambiguous submit \"not created\"", BrokenProviders.AMBIGUOUS_AS_NOT_CREATED,
                FaultScenarios::dropAfterCreate, "duplicates");
    }

    @Test @Order(3) @DisplayName("a lookup that never finds loses the tasks created before a dropped reply")
    void lookupNeverFinds() throws Exception {
        caught(3, "lookup by reference never finds", BrokenProviders.LOOKUP_NEVER_FINDS, FaultScenarios::dropAfterCreate, "lost");
    }

    @Test @Order(4) @DisplayName("a lookup that never finds loses the tasks whose reply came too late")
    void lookupNeverFindsSlow() throws Exception {
        caught(4, "lookup by reference never finds", BrokenProviders.LOOKUP_NEVER_FINDS, FaultScenarios::slowReply, "lost");
    }

    @Test @Order(5) @DisplayName("a stack that trusts terminal callbacks ends tasks on a forged success")
    void trustsTerminalCallbacks() throws Exception {
        caught(5, "trusts terminal callbacks (confirming fetch answers from the callback)", BrokenProviders.TRUSTS_TERMINAL_CALLBACKS,
                FaultScenarios::forgedCallback, "wrong ends");
    }

    @Test @Order(6) @DisplayName("a stack that relies on callbacks alone cannot finish tasks whose callbacks were lost")
    void callbacksOnly() throws Exception {
        caught(6, "relies on callbacks alone (status queries fail)", BrokenProviders.CALLBACKS_ONLY, FaultScenarios::lostCallbacks,
                "wrong ends");
    }

    @Test @Order(7) @DisplayName("a provider that reads a 429 as 'maybe created' never retries the paced submits")
    void rateLimitAsAmbiguous() throws Exception {
        caught(7, "reads a 429 as \"maybe created\"", BrokenProviders.RATE_LIMIT_AS_AMBIGUOUS, FaultScenarios::rateLimited,
                "every task succeeds after the wait");
    }

    @Test @Order(8) @DisplayName("a provider that ends a task on a malformed status reply fails tasks the vendor finished")
    void malformedAsFailed() throws Exception {
        caught(8, "ends a task on an unreadable status reply", BrokenProviders.UNREADABLE_AS_FAILED, FaultScenarios::malformed,
                "every task succeeds");
    }

    @Test @Order(9) @DisplayName("a provider that ends a task on a truncated status reply fails tasks the vendor finished")
    void truncatedAsFailed() throws Exception {
        caught(9, "ends a task on an unreadable status reply", BrokenProviders.UNREADABLE_AS_FAILED, FaultScenarios::truncated,
                "every task succeeds");
    }

    @Test @Order(10) @DisplayName("a store without write-ahead loses the submits close() left unsent")
    void storeWithoutWriteAhead() throws Exception {
        caught(10, "store without write-ahead (keeps a task only once acknowledged)", BrokenProviders.HONEST,
                stack -> FaultScenarios.closeDuringBurst(stack, BrokenStores.WRITES_AFTER_ACK), "unfinished");
    }

    @AfterAll
    static void table() throws IOException {
        String table = "| broken variant | scenario | violations found |\n|---|---|---|\n" + String.join("\n", ROWS.values()) + "\n";
        System.out.println("\nFault suite self-test:\n" + table);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("fault-broken.md"), table);
        }
    }
}
