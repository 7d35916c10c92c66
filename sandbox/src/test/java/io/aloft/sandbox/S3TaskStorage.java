package io.aloft.sandbox;

import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.sandbox.chaos.PatientStorage;
import io.aloft.testkit.kube.TaskStorage;

/** The local stack's S3 as the test pod controller's task runtime sees it (inputs read, outputs written). */
final class S3TaskStorage implements TaskStorage, AutoCloseable {
  private final PatientStorage s3;

  S3TaskStorage(EmbeddedS3Server server) {
    s3 = new PatientStorage(server);
  }

  @Override
  public byte[] read(String uri) {
    return s3.read(uri);
  }

  @Override
  public void write(String uri, byte[] bytes) {
    s3.write(uri, bytes);
  }

  @Override
  public void close() {
    s3.close();
  }
}
