package io.mj4j.sandbox.faults;

import io.mj4j.sandbox.faults.FaultScenarios.Scenario;
import io.mj4j.sandbox.faults.FaultScenarios.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine driven through every fault the sandbox can make, on the midjourney-proxy simulator, each
 * scenario counted by identity from the vendor's ledger (see {@link IdentityRow}). Every scenario must end
 * without a violation; {@link FaultSuiteCatchesBrokenVariantsTest} shows the same scenarios go red on broken
 * stacks. The table is printed and written to {@code target/fault-table.md}; README's reliability section
 * copies it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Fault suite v2: identities from the vendor's ledger, nothing lost, nothing twice")
class FaultSuiteTest {
    private static final Map<Integer, String> ROWS = new ConcurrentSkipListMap<>();

    private static void holds(int order, Scenario scenario) throws Exception {
        Verdict v = scenario.run(BrokenProviders.HONEST);
        ROWS.put(order, v.row().markdown());
        assertThat(v.violations()).as("%s: %s", v.row().scenario(), v.row()).isEmpty();
    }

    @Test @Order(1) @DisplayName("no faults: one vendor task per reference, every task succeeds")
    void baseline() throws Exception { holds(1, FaultScenarios::baseline); }

    @Test @Order(2) @DisplayName("connections dropped before the vendor read the submit: never resent, every task ends")
    void dropBefore() throws Exception { holds(2, FaultScenarios::dropBefore); }

    @Test @Order(3) @DisplayName("connections dropped after the vendor created the task: reconciled by lookup, never resent")
    void dropAfterCreate() throws Exception { holds(3, FaultScenarios::dropAfterCreate); }

    @Test @Order(4) @DisplayName("replies slower than the client's timeout: reconciled by lookup, never resent")
    void slowReply() throws Exception { holds(4, FaultScenarios::slowReply); }

    @Test @Order(5) @DisplayName("429 with Retry-After on submits: retried after the wait, one vendor task each")
    void rateLimited() throws Exception { holds(5, FaultScenarios::rateLimited); }

    @Test @Order(6) @DisplayName("a storm of 500s, some after the task was created: never resent, created ones reconciled")
    void serverErrorStorm() throws Exception { holds(6, FaultScenarios::serverErrorStorm); }

    @Test @Order(7) @DisplayName("malformed JSON on status queries: polled again, every task succeeds")
    void malformed() throws Exception { holds(7, FaultScenarios::malformed); }

    @Test @Order(8) @DisplayName("truncated bodies on status queries: polled again, every task succeeds")
    void truncated() throws Exception { holds(8, FaultScenarios::truncated); }

    @Test @Order(9) @DisplayName("tasks stalling past the deadline end FAILED with TIMEOUT")
    void stalls() throws Exception { holds(9, FaultScenarios::stalls); }

    @Test @Order(10) @DisplayName("prompt rejections and vendor errors: the engine fails exactly the tasks the vendor failed")
    void vendorFailures() throws Exception { holds(10, FaultScenarios::vendorFailures); }

    @Test @Order(11) @DisplayName("every callback lost (the vendor's ledger says so): polling finishes every task")
    void lostCallbacks() throws Exception { holds(11, FaultScenarios::lostCallbacks); }

    @Test @Order(12) @DisplayName("every callback sent twice (the vendor's ledger says so): listeners hear each end once")
    void duplicatedCallbacks() throws Exception { holds(12, FaultScenarios::duplicatedCallbacks); }

    @Test @Order(13) @DisplayName("a stale callback arrives while each task runs: taken by the receiver, never moves a task back")
    void staleCallbacks() throws Exception { holds(13, FaultScenarios::staleCallbacks); }

    @Test @Order(14) @DisplayName("a terminal callback forged with a valid token: confirmed with the vendor, no task ends on it")
    void forgedCallback() throws Exception { holds(14, FaultScenarios::forgedCallback); }

    @Test @Order(15) @DisplayName("the vendor forgets acknowledged tasks: they end FAILED, the others succeed")
    void vendorForgets() throws Exception { holds(15, FaultScenarios::vendorForgets); }

    @Test @Order(16) @DisplayName("close() during a burst, then resume on the same store: each submit sent at most once, all end")
    void closeDuringBurst() throws Exception { holds(16, FaultScenarios::closeDuringBurst); }

    @Test @Order(17) @DisplayName("resume after an outage longer than the deadline: the vendor is asked first, no false TIMEOUT")
    void outage() throws Exception { holds(17, FaultScenarios::outageLongerThanDeadline); }

    @AfterAll
    static void table() throws IOException {
        String table = IdentityRow.header() + String.join("\n", ROWS.values()) + "\n";
        System.out.println("\nFault suite v2 (midjourney-proxy sandbox, " + FaultScenarios.TASKS + " tasks per scenario):\n" + table);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("fault-table.md"), table);
        }
    }
}
