package io.aloft.testkit.quarkus;

import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.embedded.QuarkusConfig;
import io.aloft.testkit.SharedComponents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points quarkus-amazon-s3 at the shared real S3 server (path-style, static credentials) and creates the bucket
 * named by init arg {@code bucket} (default {@code aloft}), exposed to the service as {@code aloft.storage.bucket}.
 */
public class S3Resource implements QuarkusTestResourceLifecycleManager {
  private String bucket = "aloft";

  @Override
  public void init(Map<String, String> initArgs) {
    bucket = initArgs.getOrDefault("bucket", bucket);
  }

  @Override
  public Map<String, String> start() {
    EmbeddedS3Server s3 = SharedComponents.s3();
    s3.createBucket(bucket);
    return QuarkusConfig.s3(s3, bucket);
  }

  @Override
  public void stop() {
    // shared for the whole test JVM; stopped at exit
  }
}
