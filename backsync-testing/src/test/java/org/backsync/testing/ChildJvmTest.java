package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    /** The child program: says it is ready, then blocks reading standard input, which the parent never closes. */
    public static final class Blocker {
        public static void main(String[] args) throws IOException {
            System.out.println("ready " + String.join(",", args));
            System.out.flush();
            if (args.length > 0 && args[0].equals("exit")) {
                System.exit(3);
            }
            System.in.read();
        }
    }

    @Test
    void killIsKillNineAndTheOutputIsKept(@TempDir Path dir) {
        try (ChildJvm child = ChildJvm.start(Blocker.class, List.of(), List.of("a", "b"), dir.resolve("child.log"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> child.output().contains("ready a,b"));

            child.kill();

            assertThat(child.isAlive()).isFalse();
            assertThat(child.awaitExit(Duration.ofSeconds(5))).isEqualTo(137);
        }
    }

    @Test
    void anOrdinaryExitReportsItsCode(@TempDir Path dir) {
        try (ChildJvm child = ChildJvm.start(Blocker.class, List.of(), List.of("exit"), dir.resolve("child.log"))) {
            assertThat(child.awaitExit(Duration.ofSeconds(20))).isEqualTo(3);
            assertThat(child.output()).contains("ready exit");
        }
    }
}
