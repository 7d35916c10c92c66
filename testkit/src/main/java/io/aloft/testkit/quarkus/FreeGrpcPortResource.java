package io.aloft.testkit.quarkus;

import io.aloft.embedded.LocalProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a service's separate gRPC server a free port for the test run, published as
 * {@code quarkus.grpc.server.test-port} so tests read the real port from config (with test-port 0 they cannot).
 */
public class FreeGrpcPortResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("quarkus.grpc.server.test-port", Integer.toString(LocalProcess.freePort()));
  }

  @Override
  public void stop() {
    // nothing to stop
  }
}
