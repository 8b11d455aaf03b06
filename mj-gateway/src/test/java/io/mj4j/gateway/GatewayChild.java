package io.mj4j.gateway;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A gateway in its own JVM, for tests that kill it: {@code GatewayChild <h2 file> <provider>}, vendor settings from the
 * environment. Prints {@code listening <uri>} once it serves, then runs until killed.
 */
public final class GatewayChild {
    private GatewayChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Gateway g = Gateway.start(GatewaySettings.builder().provider(args[1]).environment(System.getenv())
                .h2File(Path.of(args[0])).port(0).build());
        System.out.println("listening " + g.uri());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
