package io.aloft.propeller.launch;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A {@link TestingAdmin} started before propeller, whose admin client (events, launcher, signals) it becomes. */
public class TestingAdminResource implements QuarkusTestResourceLifecycleManager {
  static TestingAdmin admin;

  @Override
  public Map<String, String> start() {
    try {
      admin = new TestingAdmin();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // in test mode the gRPC client dials its test-port, not its port
    String port = Integer.toString(admin.port());
    return Map.of("quarkus.grpc.clients.admin.host", "127.0.0.1", "quarkus.grpc.clients.admin.port", port,
        "quarkus.grpc.clients.admin.test-port", port);
  }

  @Override
  public void stop() {
    if (admin != null) {
      admin.close();
    }
  }
}
